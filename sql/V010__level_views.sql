-- Views for analysts, one per question and per group level. Every percentile is read from a merged
-- sketch (sumMap of bucket counts, then r1lat_quantile), never averaged.
--
-- Levels. The streams app emits each request once per level: 'group' (region x tier), 'region'
-- (tier '*'), 'tier' (region '*') and 'fleet' (both '*'); see r1lat_level (V009). Sums are right
-- within one level and four times too large across levels, hence the level views: *_by_group,
-- *_by_region, *_by_tier, *_fleet hold one level each, so sum(requests) over any of them counts
-- each request once. latency_1m, latency_1h and latency_week hold all four with a level column:
-- filter on it.
--
-- Columns of latency_1m / latency_1h / latency_week (per bucket, group, dims and component; the
-- window's first emission and its late-event corrections summed):
--   requests, errors        every request with a value for the component / those not OK
--   timeouts, cancelled     TIMEOUT / CANCELLED requests (parts of errors)
--   error_rate              errors / requests
--   timeout_rate, cancel_rate   over the requests of rows that count them (NULL before the split)
--   p50_ms ... p999_ms, mean_ms, max_ms   latency of the successful requests (the sketch). For rows
--                           written before the OK / failed split they describe every request;
--                           success_only says whether the whole bucket is split.
--   latency_requests        the requests the percentiles describe
--   goodput                 on e2e rows: requests that succeeded and met every latency SLO of their
--                           class / requests, over the rows that carry the good count; NULL when
--                           none does (rows before the split) and on other components
--   slo_threshold_ms        the threshold over_slo counts against, when one threshold applies;
--                           NULL on tier '*' rows (each request counted against its own tier's
--                           SLO, which may differ per tier) and when rows of different thresholds
--                           were summed (a change of configuration)
--   over_slo, over_slo_rate values above their tier's threshold / requests with a threshold
--   windows, corrections    first emissions and correction rows (revision >= 1) summed
-- All-request percentiles (successful and failed together): latency_1h_all_requests,
-- latency_week_all_requests.

-- Per 1-minute window, every level (filter level, or use a level view below).
CREATE OR REPLACE VIEW latency_1m ${ON_CLUSTER} AS
SELECT
    window_start, r1lat_level(region, tier) AS level, region, tier, dims, component,
    requests, errors, timeouts, cancelled,
    errors / nullIf(requests, 0)                                  AS error_rate,
    if(split_requests = 0, NULL, timeouts / split_requests)       AS timeout_rate,
    if(split_requests = 0, NULL, cancelled / split_requests)      AS cancel_rate,
    latency_requests,
    split_requests = requests                                     AS success_only,
    if(component = 'e2e' AND rated > 0, good / rated, NULL)       AS goodput,
    if(tier = '*' OR slo_min != slo_max, NULL, slo_min)           AS slo_threshold_ms,
    over_n                                                        AS over_slo,
    over_n / nullIf(slo_requests, 0)                              AS over_slo_rate,
    total_ms / nullIf(latency_requests, 0)                        AS mean_ms,
    max_of_max                                                    AS max_ms,
    r1lat_quantile(merged, 0.5)                                   AS p50_ms,
    r1lat_quantile(merged, 0.9)                                   AS p90_ms,
    r1lat_quantile(merged, 0.95)                                  AS p95_ms,
    r1lat_quantile(merged, 0.99)                                  AS p99_ms,
    r1lat_quantile(merged, 0.999)                                 AS p999_ms,
    n_windows                                                     AS windows,
    n_corrections                                                 AS corrections
FROM
(
    SELECT window_start, region, tier, toString(mapSort(dimensions)) AS dims, component,
           sum(count) AS requests, sum(error_count) AS errors,
           sum(timeout_count) AS timeouts, sum(cancelled_count) AS cancelled,
           sumIf(count, ok_count IS NOT NULL) AS split_requests,
           sum(ifNull(ok_count, count)) AS latency_requests,
           sumIf(count, good_count IS NOT NULL) AS rated, sum(ifNull(good_count, 0)) AS good,
           min(slo_threshold_ms) AS slo_min, max(slo_threshold_ms) AS slo_max,
           sumIf(count, slo_threshold_ms IS NOT NULL) AS slo_requests,
           sum(over_slo_count) AS over_n,
           sumIf(mean * ifNull(ok_count, count), ifNull(ok_count, count) > 0) AS total_ms,
           maxIf(max, ifNull(ok_count, count) > 0) AS max_of_max,
           countIf(revision = 0) AS n_windows, countIf(revision >= 1) AS n_corrections,
           sumMap(sketch_keys, sketch_counts) AS merged
    FROM latency_stats_1m
    GROUP BY window_start, region, tier, dims, component
);

-- Per hour (latency_stats_1h), every level.
CREATE OR REPLACE VIEW latency_1h ${ON_CLUSTER} AS
SELECT
    hour, r1lat_level(region, tier) AS level, region, tier, dims, component,
    requests, errors, timeouts, cancelled,
    errors / nullIf(requests, 0)                                  AS error_rate,
    if(split_requests = 0, NULL, timeouts / split_requests)       AS timeout_rate,
    if(split_requests = 0, NULL, cancelled / split_requests)      AS cancel_rate,
    latency_requests,
    split_requests = requests                                     AS success_only,
    if(component = 'e2e' AND rated > 0, good / rated, NULL)       AS goodput,
    if(tier = '*' OR slo_min != slo_max, NULL, slo_min)           AS slo_threshold_ms,
    over_n                                                        AS over_slo,
    over_n / nullIf(slo_requests, 0)                              AS over_slo_rate,
    total_ms / nullIf(latency_requests, 0)                        AS mean_ms,
    max_of_max                                                    AS max_ms,
    r1lat_quantile(merged, 0.5)                                   AS p50_ms,
    r1lat_quantile(merged, 0.9)                                   AS p90_ms,
    r1lat_quantile(merged, 0.95)                                  AS p95_ms,
    r1lat_quantile(merged, 0.99)                                  AS p99_ms,
    r1lat_quantile(merged, 0.999)                                 AS p999_ms,
    n_windows                                                     AS windows,
    n_corrections                                                 AS corrections
FROM
(
    SELECT hour, region, tier, dims, component,
           sum(total_count) AS requests, sum(total_errors) AS errors,
           sum(timeout_total) AS timeouts, sum(cancelled_total) AS cancelled,
           sum(split_count) AS split_requests,
           sum(ok_total) + sum(total_count) - sum(split_count) AS latency_requests,
           sum(good_basis) AS rated, sum(good_total) AS good,
           min(slo_ms_min) AS slo_min, max(slo_ms_max) AS slo_max,
           sum(slo_count) AS slo_requests, sum(over_slo) AS over_n,
           sum(sum_ms) AS total_ms, max(max_ms) AS max_of_max,
           sum(windows) AS n_windows, sum(corrections) AS n_corrections,
           sumMapMerge(sketch) AS merged
    FROM latency_stats_1h
    GROUP BY hour, region, tier, dims, component
);

-- Per ISO week (Monday, UTC; latency_weekly), every level.
CREATE OR REPLACE VIEW latency_week ${ON_CLUSTER} AS
SELECT
    week, r1lat_level(region, tier) AS level, region, tier, dims, component,
    requests, errors, timeouts, cancelled,
    errors / nullIf(requests, 0)                                  AS error_rate,
    if(split_requests = 0, NULL, timeouts / split_requests)       AS timeout_rate,
    if(split_requests = 0, NULL, cancelled / split_requests)      AS cancel_rate,
    latency_requests,
    split_requests = requests                                     AS success_only,
    if(component = 'e2e' AND rated > 0, good / rated, NULL)       AS goodput,
    if(tier = '*' OR slo_min != slo_max, NULL, slo_min)           AS slo_threshold_ms,
    over_n                                                        AS over_slo,
    over_n / nullIf(slo_requests, 0)                              AS over_slo_rate,
    total_ms / nullIf(latency_requests, 0)                        AS mean_ms,
    max_of_max                                                    AS max_ms,
    r1lat_quantile(merged, 0.5)                                   AS p50_ms,
    r1lat_quantile(merged, 0.9)                                   AS p90_ms,
    r1lat_quantile(merged, 0.95)                                  AS p95_ms,
    r1lat_quantile(merged, 0.99)                                  AS p99_ms,
    r1lat_quantile(merged, 0.999)                                 AS p999_ms,
    n_windows                                                     AS windows,
    n_corrections                                                 AS corrections
FROM
(
    SELECT week, region, tier, dims, component,
           sum(total_count) AS requests, sum(total_errors) AS errors,
           sum(timeout_total) AS timeouts, sum(cancelled_total) AS cancelled,
           sum(split_count) AS split_requests,
           sum(ok_total) + sum(total_count) - sum(split_count) AS latency_requests,
           sum(good_basis) AS rated, sum(good_total) AS good,
           min(slo_ms_min) AS slo_min, max(slo_ms_max) AS slo_max,
           sum(slo_count) AS slo_requests, sum(over_slo) AS over_n,
           sum(sum_ms) AS total_ms, max(max_ms) AS max_of_max,
           sum(windows) AS n_windows, sum(corrections) AS n_corrections,
           sumMapMerge(sketch) AS merged
    FROM latency_weekly
    GROUP BY week, region, tier, dims, component
);

-- One level each: sum(requests) over any of these counts each request once.
CREATE OR REPLACE VIEW latency_1m_by_group ${ON_CLUSTER} AS
SELECT * FROM latency_1m WHERE level = 'group';

CREATE OR REPLACE VIEW latency_1m_by_region ${ON_CLUSTER} AS
SELECT * FROM latency_1m WHERE level = 'region';

CREATE OR REPLACE VIEW latency_1m_by_tier ${ON_CLUSTER} AS
SELECT * FROM latency_1m WHERE level = 'tier';

CREATE OR REPLACE VIEW latency_1m_fleet ${ON_CLUSTER} AS
SELECT * FROM latency_1m WHERE level = 'fleet';

CREATE OR REPLACE VIEW latency_1h_by_group ${ON_CLUSTER} AS
SELECT * FROM latency_1h WHERE level = 'group';

CREATE OR REPLACE VIEW latency_1h_by_region ${ON_CLUSTER} AS
SELECT * FROM latency_1h WHERE level = 'region';

CREATE OR REPLACE VIEW latency_1h_by_tier ${ON_CLUSTER} AS
SELECT * FROM latency_1h WHERE level = 'tier';

CREATE OR REPLACE VIEW latency_1h_fleet ${ON_CLUSTER} AS
SELECT * FROM latency_1h WHERE level = 'fleet';

CREATE OR REPLACE VIEW latency_week_by_group ${ON_CLUSTER} AS
SELECT * FROM latency_week WHERE level = 'group';

CREATE OR REPLACE VIEW latency_week_by_region ${ON_CLUSTER} AS
SELECT * FROM latency_week WHERE level = 'region';

CREATE OR REPLACE VIEW latency_week_by_tier ${ON_CLUSTER} AS
SELECT * FROM latency_week WHERE level = 'tier';

CREATE OR REPLACE VIEW latency_week_fleet ${ON_CLUSTER} AS
SELECT * FROM latency_week WHERE level = 'fleet';

-- Percentiles of every request, successful and failed together (the merged sketch of both), and of
-- the failed ones alone, per hour and every level. For rows before the split the sketch already
-- held every request and the failed sketch is empty, so all_* are right there too.
CREATE OR REPLACE VIEW latency_1h_all_requests ${ON_CLUSTER} AS
SELECT
    hour, r1lat_level(region, tier) AS level, region, tier, dims, component,
    requests, errors,
    r1lat_quantile(everything, 0.5)                               AS all_p50_ms,
    r1lat_quantile(everything, 0.9)                               AS all_p90_ms,
    r1lat_quantile(everything, 0.95)                              AS all_p95_ms,
    r1lat_quantile(everything, 0.99)                              AS all_p99_ms,
    r1lat_quantile(everything, 0.999)                             AS all_p999_ms,
    r1lat_quantile(failed, 0.5)                                   AS failed_p50_ms,
    r1lat_quantile(failed, 0.99)                                  AS failed_p99_ms
FROM
(
    SELECT hour, region, tier, dims, component,
           sum(total_count) AS requests, sum(total_errors) AS errors,
           sumMapMerge(failed_sketch) AS failed,
           mapAdd(sumMapMerge(sketch), failed) AS everything
    FROM latency_stats_1h
    GROUP BY hour, region, tier, dims, component
);

-- The same per ISO week.
CREATE OR REPLACE VIEW latency_week_all_requests ${ON_CLUSTER} AS
SELECT
    week, r1lat_level(region, tier) AS level, region, tier, dims, component,
    requests, errors,
    r1lat_quantile(everything, 0.5)                               AS all_p50_ms,
    r1lat_quantile(everything, 0.9)                               AS all_p90_ms,
    r1lat_quantile(everything, 0.95)                              AS all_p95_ms,
    r1lat_quantile(everything, 0.99)                              AS all_p99_ms,
    r1lat_quantile(everything, 0.999)                             AS all_p999_ms,
    r1lat_quantile(failed, 0.5)                                   AS failed_p50_ms,
    r1lat_quantile(failed, 0.99)                                  AS failed_p99_ms
FROM
(
    SELECT week, region, tier, dims, component,
           sum(total_count) AS requests, sum(total_errors) AS errors,
           sumMapMerge(failed_sketch) AS failed,
           mapAdd(sumMapMerge(sketch), failed) AS everything
    FROM latency_weekly
    GROUP BY week, region, tier, dims, component
);

-- The views of V006, on the same rules. latency_over_time: latency_1h under its first name (every
-- level; filter level).
CREATE OR REPLACE VIEW latency_over_time ${ON_CLUSTER} AS
SELECT * FROM latency_1h;

-- Component breakdown per week, level and group (dims merged): each component's mean and
-- percentiles of successful requests and its share of the e2e mean. Stages (is_stage) add up to
-- e2e; dominant = the stage with the largest share in its group and week.
CREATE OR REPLACE VIEW component_breakdown ${ON_CLUSTER} AS
SELECT
    week, r1lat_level(region, tier) AS level, region, tier, c_name AS component, requests, mean_ms,
    r1lat_quantile(merged, 0.5)                                       AS p50_ms,
    r1lat_quantile(merged, 0.99)                                      AS p99_ms,
    mean_ms / nullIf(maxIf(mean_ms, c_name = 'e2e') OVER (PARTITION BY week, region, tier), 0)
                                                                      AS share_of_e2e,
    c_name IN ('network', 'queue', 'preprocess', 'prefill', 'decode', 'postprocess') AS is_stage,
    is_stage AND mean_ms = maxIf(mean_ms, is_stage) OVER (PARTITION BY week, region, tier)
                                                                      AS dominant
FROM
(
    SELECT week, CAST(region, 'String') AS region, CAST(tier, 'String') AS tier,
           CAST(component, 'String') AS c_name, sum(total_count) AS requests,
           sum(sum_ms) / nullIf(sum(ok_total) + sum(total_count) - sum(split_count), 0) AS mean_ms,
           sumMapMerge(sketch) AS merged
    FROM latency_weekly
    GROUP BY week, region, tier, component
);

-- Week-over-week regressions of successful requests' p50 / p99, per level, group and component
-- against the week before, largest p99 increase first.
CREATE OR REPLACE VIEW weekly_regressions ${ON_CLUSTER} AS
WITH w AS
(
    SELECT week, subtractWeeks(week, 1) AS prev_week, CAST(region, 'String') AS g_region,
           CAST(tier, 'String') AS g_tier, CAST(component, 'String') AS g_component,
           sum(total_count) AS requests, sumMapMerge(sketch) AS merged
    FROM latency_weekly
    GROUP BY week, region, tier, component
)
SELECT
    cur.week                                   AS week,
    r1lat_level(cur.g_region, cur.g_tier)      AS level,
    cur.g_region                               AS region,
    cur.g_tier                                 AS tier,
    cur.g_component                            AS component,
    cur.requests                               AS requests,
    prev.requests                              AS prev_requests,
    r1lat_quantile(cur.merged, 0.5)            AS p50_ms,
    r1lat_quantile(prev.merged, 0.5)           AS prev_p50_ms,
    r1lat_quantile(cur.merged, 0.99)           AS p99_ms,
    r1lat_quantile(prev.merged, 0.99)          AS prev_p99_ms,
    p50_ms / prev_p50_ms - 1                   AS p50_change,
    p99_ms / prev_p99_ms - 1                   AS p99_change
FROM w AS cur
INNER JOIN w AS prev
    ON prev.week = cur.prev_week AND prev.g_region = cur.g_region AND prev.g_tier = cur.g_tier
       AND prev.g_component = cur.g_component
ORDER BY p99_change DESC;

-- Requests per hour, level, region and tier, each request counted once: from the e2e rows of the
-- window statistics (the streams app counts a retried request id once per window, late events
-- are added by correction rows), with error, timeout and cancellation rates.
CREATE OR REPLACE VIEW request_counts_1h ${ON_CLUSTER} AS
SELECT
    hour, r1lat_level(region, tier) AS level, region, tier,
    requests, errors, timeouts, cancelled,
    errors / nullIf(requests, 0)                                  AS error_rate,
    if(split_requests = 0, NULL, timeouts / split_requests)       AS timeout_rate,
    if(split_requests = 0, NULL, cancelled / split_requests)      AS cancel_rate
FROM
(
    SELECT hour, CAST(region, 'String') AS region, CAST(tier, 'String') AS tier,
           sum(total_count) AS requests, sum(total_errors) AS errors,
           sum(timeout_total) AS timeouts, sum(cancelled_total) AS cancelled,
           sum(split_count) AS split_requests
    FROM latency_stats_1h
    WHERE component = 'e2e'
    GROUP BY hour, region, tier
);

-- The same per ISO week.
CREATE OR REPLACE VIEW request_counts_weekly ${ON_CLUSTER} AS
SELECT
    week, r1lat_level(region, tier) AS level, region, tier,
    requests, errors, timeouts, cancelled,
    errors / nullIf(requests, 0)                                  AS error_rate,
    if(split_requests = 0, NULL, timeouts / split_requests)       AS timeout_rate,
    if(split_requests = 0, NULL, cancelled / split_requests)      AS cancel_rate
FROM
(
    SELECT week, CAST(region, 'String') AS region, CAST(tier, 'String') AS tier,
           sum(total_count) AS requests, sum(total_errors) AS errors,
           sum(timeout_total) AS timeouts, sum(cancelled_total) AS cancelled,
           sum(split_count) AS split_requests
    FROM latency_weekly
    WHERE component = 'e2e'
    GROUP BY week, region, tier
);

-- Error rate per hour, level, region and tier: request_counts_1h under its first name.
CREATE OR REPLACE VIEW error_rate ${ON_CLUSTER} AS
SELECT hour, level, region, tier, requests AS total_requests, errors AS total_errors, error_rate,
       timeouts, timeout_rate, cancelled, cancel_rate
FROM request_counts_1h;

-- Decode throughput per GPU tier and hour: tokens per second of one request stream while decoding,
-- and fleet output tokens per second per serving process (server_id). total_requests counts each
-- request once (request_counts_1h, level group); the token sums come from the raw events as
-- inserted (request_volume_1h: a retried request's tokens count once per stored copy).
CREATE OR REPLACE VIEW tokens_per_second ${ON_CLUSTER} AS
WITH req AS
(
    SELECT hour, tier AS g_tier, sum(requests) AS n
    FROM request_counts_1h WHERE level = 'group' GROUP BY hour, tier
)
SELECT
    v.hour                                                 AS hour,
    v.g_tier                                               AS tier,
    req.n                                                  AS total_requests,
    v.output_tok                                           AS total_output_tokens,
    v.decode_tok / nullIf(v.decode_s, 0)                   AS decode_tokens_per_s,
    v.active                                               AS active_servers,
    total_output_tokens / 3600                             AS output_tokens_per_s,
    output_tokens_per_s / nullIf(active_servers, 0)        AS output_tokens_per_s_per_server
FROM
(
    SELECT hour, CAST(tier, 'String') AS g_tier, sum(output_tokens) AS output_tok,
           sum(decode_tokens) AS decode_tok, sum(decode_time_ms) / 1000 AS decode_s,
           uniqMerge(servers) AS active
    FROM request_volume_1h
    GROUP BY hour, tier
) AS v
LEFT JOIN req ON req.hour = v.hour AND req.g_tier = v.g_tier;

-- Goodput per hour, level, region and tier: requests that succeeded and met every latency SLO of
-- their class / requests (e2e rows). Only hours whose windows carry the good count (written after
-- the split); rated_requests says how many requests the figure covers.
CREATE OR REPLACE VIEW goodput ${ON_CLUSTER} AS
SELECT hour, r1lat_level(region, tier) AS level, region, tier, total_requests, rated_requests,
       good_requests, good_requests / rated_requests AS goodput
FROM
(
    SELECT hour, CAST(region, 'String') AS region, CAST(tier, 'String') AS tier,
           sum(total_count) AS total_requests, sum(good_basis) AS rated_requests,
           sum(good_total) AS good_requests
    FROM latency_stats_1h
    WHERE component = 'e2e'
    GROUP BY hour, region, tier
)
WHERE rated_requests > 0;

-- Over-SLO counts per hour, level, group and component, with the threshold they were counted
-- against: NULL on tier '*' rows (each request against its own tier's SLO) and when thresholds
-- changed within the hour.
CREATE OR REPLACE VIEW slo_attainment ${ON_CLUSTER} AS
SELECT hour, level, region, tier, dims, component, slo_threshold_ms, requests, over_slo,
       over_slo_rate
FROM latency_1h
WHERE over_slo_rate IS NOT NULL;

-- One row per week, level, region and tier: what the capacity review reads. Latency percentiles
-- are those of successful requests (all-request ones: latency_week_all_requests), with error,
-- timeout and cancellation rates beside them; requests count each request once; tokens come
-- from the raw events as inserted.
CREATE OR REPLACE VIEW weekly_summary ${ON_CLUSTER} AS
WITH
lat AS
(
    SELECT week, CAST(region, 'String') AS g_region, CAST(tier, 'String') AS g_tier,
           sumIf(total_count, component = 'e2e')                 AS requests,
           sumIf(total_errors, component = 'e2e')                AS errors,
           sumIf(timeout_total, component = 'e2e')               AS timeouts,
           sumIf(cancelled_total, component = 'e2e')             AS cancelled,
           sumIf(split_count, component = 'e2e')                 AS split_requests,
           sumIf(good_basis, component = 'e2e')                  AS rated,
           sumIf(good_total, component = 'e2e')                  AS good,
           sumMapMergeIf(sketch, component = 'e2e')              AS e2e,
           sumMapMergeIf(sketch, component = 'ttft')             AS ttft
    FROM latency_weekly
    GROUP BY week, region, tier
),
vol AS
(
    SELECT week, CAST(region, 'String') AS g_region, CAST(tier, 'String') AS g_tier,
           sum(prompt_tokens) AS prompt_tok, sum(output_tokens) AS output_tok
    FROM request_volume_weekly GROUP BY week, region, tier
    UNION ALL
    SELECT week, CAST(region, 'String'), '*', sum(prompt_tokens), sum(output_tokens)
    FROM request_volume_weekly GROUP BY week, region
    UNION ALL
    SELECT week, '*', CAST(tier, 'String'), sum(prompt_tokens), sum(output_tokens)
    FROM request_volume_weekly GROUP BY week, tier
    UNION ALL
    SELECT week, '*', '*', sum(prompt_tokens), sum(output_tokens)
    FROM request_volume_weekly GROUP BY week
)
SELECT
    lat.week                                               AS week,
    r1lat_level(lat.g_region, lat.g_tier)                  AS level,
    lat.g_region                                           AS region,
    lat.g_tier                                             AS tier,
    lat.requests                                           AS requests,
    lat.errors                                             AS errors,
    lat.errors / nullIf(lat.requests, 0)                   AS error_rate,
    if(lat.split_requests = 0, NULL, lat.timeouts / lat.split_requests)  AS timeout_rate,
    if(lat.split_requests = 0, NULL, lat.cancelled / lat.split_requests) AS cancel_rate,
    if(lat.rated = 0, NULL, lat.good / lat.rated)          AS goodput,
    lat.split_requests = lat.requests                      AS success_only,
    r1lat_quantile(lat.e2e, 0.5)                           AS e2e_p50_ms,
    r1lat_quantile(lat.e2e, 0.99)                          AS e2e_p99_ms,
    r1lat_quantile(lat.ttft, 0.5)                          AS ttft_p50_ms,
    r1lat_quantile(lat.ttft, 0.99)                         AS ttft_p99_ms,
    vol.prompt_tok                                         AS prompt_tokens,
    vol.output_tok                                         AS output_tokens
FROM lat
LEFT JOIN vol ON vol.week = lat.week AND vol.g_region = lat.g_region AND vol.g_tier = lat.g_tier;
