-- Views for the common questions. Each merges sketches (sumMapMerge) and reads percentiles with
-- r1lat_quantile, so every percentile here is the merged sketch's. Rows with region or tier '*'
-- are the streams app's roll-up groups: filter region != '*' AND tier != '*' to get leaf groups,
-- and never sum leaf and roll-up rows together.

-- Latency over time per region / tier / component (hourly; dims = extra group dimensions).
CREATE VIEW IF NOT EXISTS latency_over_time ${ON_CLUSTER} AS
SELECT
    hour, region, tier, dims, component, requests, errors,
    errors / nullIf(requests, 0)                           AS error_rate,
    if(slo_requests = 0, NULL, 1 - over_slo / slo_requests) AS goodput,
    total_ms / nullIf(requests, 0)                         AS mean_ms,
    max_of_max                                             AS max_ms,
    r1lat_quantile(merged, 0.5)                            AS p50_ms,
    r1lat_quantile(merged, 0.9)                            AS p90_ms,
    r1lat_quantile(merged, 0.95)                           AS p95_ms,
    r1lat_quantile(merged, 0.99)                           AS p99_ms,
    r1lat_quantile(merged, 0.999)                          AS p999_ms
FROM
(
    SELECT hour, region, tier, dims, component,
           sum(total_count) AS requests, sum(total_errors) AS errors, sum(slo_count) AS slo_requests,
           sum(over_slo) AS over_slo, sum(sum_ms) AS total_ms, max(max_ms) AS max_of_max,
           sumMapMerge(sketch) AS merged
    FROM latency_stats_1h
    GROUP BY hour, region, tier, dims, component
);

-- Component breakdown per week and group (dims merged): each component's mean and percentiles and
-- its share of the e2e mean. Stages (is_stage) add up to e2e; dominant = the stage with the largest
-- share in its group and week.
CREATE VIEW IF NOT EXISTS component_breakdown ${ON_CLUSTER} AS
SELECT
    week, region, tier, c_name AS component, requests, mean_ms,
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
           sum(sum_ms) / nullIf(sum(total_count), 0) AS mean_ms, sumMapMerge(sketch) AS merged
    FROM latency_weekly
    GROUP BY week, region, tier, component
);

-- Week-over-week regressions: p50 / p99 of each group and component against the week before,
-- largest p99 increase first.
CREATE VIEW IF NOT EXISTS weekly_regressions ${ON_CLUSTER} AS
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

-- Decode throughput per GPU tier and hour: tokens per second of one request stream while decoding,
-- and fleet output tokens per second per serving process (server_id).
CREATE VIEW IF NOT EXISTS tokens_per_second ${ON_CLUSTER} AS
SELECT
    hour, tier,
    sum(requests)                                          AS total_requests,
    sum(output_tokens)                                     AS total_output_tokens,
    sum(decode_tokens) / nullIf(sum(decode_time_ms) / 1000, 0)  AS decode_tokens_per_s,
    uniqMerge(servers)                                     AS active_servers,
    total_output_tokens / 3600                             AS output_tokens_per_s,
    output_tokens_per_s / nullIf(active_servers, 0)        AS output_tokens_per_s_per_server
FROM request_volume_1h
GROUP BY hour, tier;

-- Error rate per hour, region and tier, from the raw events (status != OK).
CREATE VIEW IF NOT EXISTS error_rate ${ON_CLUSTER} AS
SELECT
    hour, region, tier,
    sum(requests)                                  AS total_requests,
    sum(errors)                                    AS total_errors,
    total_errors / nullIf(total_requests, 0)       AS error_rate
FROM request_volume_1h
GROUP BY hour, region, tier;

-- Goodput: share of requests within the SLO, per hour, group and component (windows with an SLO).
CREATE VIEW IF NOT EXISTS goodput ${ON_CLUSTER} AS
SELECT
    hour, region, tier, component,
    anyLast(slo_ms)                                    AS slo_threshold_ms,
    sum(slo_count)                                     AS requests_with_slo,
    sum(over_slo)                                AS over_slo,
    1 - over_slo / nullIf(requests_with_slo, 0)        AS goodput
FROM latency_stats_1h
GROUP BY hour, region, tier, component
HAVING requests_with_slo > 0;

-- One row per week, region and tier (including the '*' roll-ups): what the capacity review reads.
CREATE VIEW IF NOT EXISTS weekly_summary ${ON_CLUSTER} AS
WITH
lat AS
(
    SELECT week, CAST(region, 'String') AS g_region, CAST(tier, 'String') AS g_tier,
           sumIf(total_count, component = 'e2e')                 AS requests,
           sumIf(total_errors, component = 'e2e')           AS errors,
           sumIf(slo_count, component = 'e2e')             AS slo_requests,
           sumIf(over_slo, component = 'e2e')        AS over_slo,
           sumMapMergeIf(sketch, component = 'e2e')        AS e2e,
           sumMapMergeIf(sketch, component = 'ttft')       AS ttft
    FROM latency_weekly
    GROUP BY week, region, tier
),
vol AS
(
    SELECT week, CAST(region, 'String') AS g_region, CAST(tier, 'String') AS g_tier,
           sum(requests) AS raw_requests, sum(prompt_tokens) AS prompt_tok,
           sum(output_tokens) AS output_tok
    FROM request_volume_weekly GROUP BY week, region, tier
    UNION ALL
    SELECT week, CAST(region, 'String'), '*', sum(requests), sum(prompt_tokens), sum(output_tokens)
    FROM request_volume_weekly GROUP BY week, region
    UNION ALL
    SELECT week, '*', CAST(tier, 'String'), sum(requests), sum(prompt_tokens), sum(output_tokens)
    FROM request_volume_weekly GROUP BY week, tier
    UNION ALL
    SELECT week, '*', '*', sum(requests), sum(prompt_tokens), sum(output_tokens)
    FROM request_volume_weekly GROUP BY week
)
SELECT
    lat.week                                               AS week,
    lat.g_region                                           AS region,
    lat.g_tier                                             AS tier,
    lat.requests                                           AS requests,
    lat.errors                                             AS errors,
    lat.errors / nullIf(lat.requests, 0)                   AS error_rate,
    if(lat.slo_requests = 0, NULL, 1 - lat.over_slo / lat.slo_requests) AS goodput,
    r1lat_quantile(lat.e2e, 0.5)                           AS e2e_p50_ms,
    r1lat_quantile(lat.e2e, 0.99)                          AS e2e_p99_ms,
    r1lat_quantile(lat.ttft, 0.5)                          AS ttft_p50_ms,
    r1lat_quantile(lat.ttft, 0.99)                         AS ttft_p99_ms,
    vol.prompt_tok                                         AS prompt_tokens,
    vol.output_tok                                         AS output_tokens,
    vol.raw_requests                                       AS raw_requests
FROM lat
LEFT JOIN vol ON vol.week = lat.week AND vol.g_region = lat.g_region AND vol.g_tier = lat.g_tier;
