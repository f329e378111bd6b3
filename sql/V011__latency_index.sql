-- Latency index: observed latency over the latency expected for the same work, per hour and
-- region x tier x model. R1's latency is made of prefill (time ∝ prompt tokens) and decode (time ∝
-- output tokens: the reasoning block, then the answer), plus a near-constant part (network, queue,
-- tokenization). So the expected latency of one request is a linear model fitted by ordinary least
-- squares over a baseline of successful requests of the same group:
--   e2e  ≈ b0 + b1·prompt_tokens + b2·reasoning_tokens + b3·answer_tokens
--   ttft ≈ t0 + t1·prompt_tokens
-- Baseline: the 7 UTC days before the hour's day (every hour of a day shares one fit, so a fault
-- that starts today cannot pull its own baseline up). Requests: status OK, served by the engine
-- (response cache hits skip it and are left out), token counts and TTFT present; retries once
-- (FINAL). e2e_index = Σ observed e2e / Σ expected e2e over the hour's requests, which is 1 when
-- the fleet serves this hour's work as fast as in the baseline, whatever the questions were;
-- above 1 the fleet got slower. The observed and expected sums add up: for any coarser group or
-- period, index = sum(e2e_observed_ms) / sum(e2e_expected_ms) over its rows.
-- Indexes are NULL when the baseline holds fewer than 100 requests of the group or its token
-- counts do not vary enough to fit (singular moments).

-- Sufficient statistics of the fit per hour and group: counts, sums, and sums of products. They
-- add up over hours, so the 7-day baseline is a sum of 168 rows and the fit a closed form.
CREATE VIEW IF NOT EXISTS latency_index_moments_1h ${ON_CLUSTER} AS
SELECT
    toStartOfHour(event_time) AS hour,
    region,
    tier,
    model,
    count()                   AS n,
    sum(p)                    AS sp,
    sum(r)                    AS sr,
    sum(a)                    AS sa,
    sum(p * p)                AS spp,
    sum(p * r)                AS spr,
    sum(p * a)                AS spa,
    sum(r * r)                AS srr,
    sum(r * a)                AS sra,
    sum(a * a)                AS saa,
    sum(y)                    AS sy,
    sum(p * y)                AS spy,
    sum(r * y)                AS sry,
    sum(a * y)                AS say,
    sum(t)                    AS st,
    sum(p * t)                AS spt
FROM
(
    SELECT event_time, region, tier, model,
           toFloat64(assumeNotNull(prompt_tokens))    AS p,
           toFloat64(assumeNotNull(reasoning_tokens)) AS r,
           toFloat64(assumeNotNull(answer_tokens))    AS a,
           e2e_ms                                     AS y,
           assumeNotNull(ttft_ms)                     AS t
    FROM request_timings FINAL
    WHERE status = 'OK' AND NOT ifNull(response_cache_hit, false)
      AND prompt_tokens IS NOT NULL AND reasoning_tokens IS NOT NULL
      AND answer_tokens IS NOT NULL AND ttft_ms IS NOT NULL
)
GROUP BY hour, region, tier, model;

-- One row per hour and group: the baseline fit (coefficients in ms and ms per token), the hour's
-- observed and expected sums, and the indexes. The 3 x 3 normal equations of the token
-- coefficients are solved on the centered baseline moments by Cramer's rule.
CREATE VIEW IF NOT EXISTS latency_index_1h ${ON_CLUSTER} AS
SELECT
    hour, region, tier, model,
    n                                                             AS requests,
    sp                                                            AS prompt_tokens,
    sr                                                            AS reasoning_tokens,
    sa                                                            AS answer_tokens,
    bn                                                            AS baseline_requests,
    bpp - bsp * bsp / bn                                          AS cpp,
    bpr - bsp * bsr / bn                                          AS cpr,
    bpa - bsp * bsa / bn                                          AS cpa,
    brr - bsr * bsr / bn                                          AS crr,
    bra - bsr * bsa / bn                                          AS cra,
    baa - bsa * bsa / bn                                          AS caa,
    bpy - bsp * bsy / bn                                          AS cpy,
    bry - bsr * bsy / bn                                          AS cry,
    bay - bsa * bsy / bn                                          AS cay,
    cpp * (crr * caa - cra * cra) - cpr * (cpr * caa - cra * cpa)
        + cpa * (cpr * cra - crr * cpa)                           AS det,
    bn >= 100 AND det > 0 AND cpp > 0                             AS fitted,
    if(fitted, (cpy * (crr * caa - cra * cra) - cpr * (cry * caa - cra * cay)
        + cpa * (cry * cra - crr * cay)) / det, NULL)             AS e2e_ms_per_prompt_token,
    if(fitted, (cpp * (cry * caa - cay * cra) - cpy * (cpr * caa - cra * cpa)
        + cpa * (cpr * cay - cry * cpa)) / det, NULL)             AS e2e_ms_per_reasoning_token,
    if(fitted, (cpp * (crr * cay - cra * cry) - cpr * (cpr * cay - cry * cpa)
        + cpy * (cpr * cra - crr * cpa)) / det, NULL)             AS e2e_ms_per_answer_token,
    (bsy - e2e_ms_per_prompt_token * bsp - e2e_ms_per_reasoning_token * bsr
        - e2e_ms_per_answer_token * bsa) / bn                     AS e2e_intercept_ms,
    if(fitted, (bpt - bsp * bst / bn) / cpp, NULL)                AS ttft_ms_per_prompt_token,
    (bst - ttft_ms_per_prompt_token * bsp) / bn                   AS ttft_intercept_ms,
    sy                                                            AS e2e_observed_ms,
    n * e2e_intercept_ms + e2e_ms_per_prompt_token * sp + e2e_ms_per_reasoning_token * sr
        + e2e_ms_per_answer_token * sa                            AS e2e_expected_ms,
    st                                                            AS ttft_observed_ms,
    n * ttft_intercept_ms + ttft_ms_per_prompt_token * sp         AS ttft_expected_ms,
    e2e_observed_ms / e2e_expected_ms                             AS e2e_index,
    ttft_observed_ms / ttft_expected_ms                           AS ttft_index
FROM
(
    SELECT hour, region, tier, model, n, sp, sr, sa, sy, st,
           sum(n) OVER w AS bn, sum(sp) OVER w AS bsp, sum(sr) OVER w AS bsr,
           sum(sa) OVER w AS bsa, sum(spp) OVER w AS bpp, sum(spr) OVER w AS bpr,
           sum(spa) OVER w AS bpa, sum(srr) OVER w AS brr, sum(sra) OVER w AS bra,
           sum(saa) OVER w AS baa, sum(sy) OVER w AS bsy, sum(spy) OVER w AS bpy,
           sum(sry) OVER w AS bry, sum(say) OVER w AS bay, sum(st) OVER w AS bst,
           sum(spt) OVER w AS bpt
    FROM latency_index_moments_1h
    WINDOW w AS (PARTITION BY region, tier, model ORDER BY toUInt32(toStartOfDay(hour))
                 RANGE BETWEEN 604800 PRECEDING AND 1 PRECEDING)
);
