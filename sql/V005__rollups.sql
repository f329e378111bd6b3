-- Rollups maintained by materialized views on insert. Percentiles come from the merged sketch
-- (sumMap state of the bucket counts), so an hour or a week is an exact merge of its minutes.
-- Additive measures are SimpleAggregateFunction(sum/max); read every rollup with GROUP BY and the
-- -Merge combinators (rows are only partially merged on disk), or use the views of V006.
-- dims is the canonical text of the dimensions map, e.g. {'model':'deepseek-r1'} (ORDER BY
-- cannot hold a Map). Target column names differ from source ones (total_count, not count) so the
-- views' aliases never shadow the columns they aggregate.

CREATE TABLE IF NOT EXISTS latency_stats_1h${LOCAL} ${ON_CLUSTER}
(
    hour             DateTime('UTC'),
    region           LowCardinality(String),
    tier             LowCardinality(String),
    dims             String,
    component        LowCardinality(String),
    windows          SimpleAggregateFunction(sum, UInt64),
    total_count      SimpleAggregateFunction(sum, UInt64),
    total_errors     SimpleAggregateFunction(sum, UInt64),
    slo_count        SimpleAggregateFunction(sum, UInt64),
    over_slo         SimpleAggregateFunction(sum, UInt64),
    slo_ms           SimpleAggregateFunction(anyLast, Nullable(Float64)),
    sum_ms           SimpleAggregateFunction(sum, Float64),
    max_ms           SimpleAggregateFunction(max, Float64),
    sketch           AggregateFunction(sumMap, Array(Int32), Array(Float64))
)
ENGINE = ${REPLICATED}AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (region, tier, component, dims, hour)
TTL hour + INTERVAL ${TTL_1H_DAYS} DAY
SETTINGS ${DEDUP_WINDOW};

-- slo_count: requests of windows that had an SLO threshold, the goodput denominator.
-- sum_ms: mean * count, so mean = sum(sum_ms) / sum(total_count) over any rollup.
CREATE MATERIALIZED VIEW IF NOT EXISTS latency_stats_1h_mv${LOCAL} ${ON_CLUSTER}
TO latency_stats_1h${LOCAL} AS
SELECT
    toStartOfHour(window_start)                          AS hour,
    region,
    tier,
    toString(mapSort(dimensions))                        AS dims,
    component,
    toUInt64(count())                                    AS windows,
    sum(count)                                           AS total_count,
    sum(error_count)                                     AS total_errors,
    sumIf(count, slo_threshold_ms IS NOT NULL)           AS slo_count,
    sum(over_slo_count)                                  AS over_slo,
    anyLast(slo_threshold_ms)                            AS slo_ms,
    sum(mean * count)                                    AS sum_ms,
    max(max)                                             AS max_ms,
    sumMapState(sketch_keys, sketch_counts)              AS sketch
FROM latency_stats_1m${LOCAL}
GROUP BY hour, region, tier, dims, component;

-- Weeks start on Monday (ISO), in UTC.
CREATE TABLE IF NOT EXISTS latency_weekly${LOCAL} ${ON_CLUSTER}
(
    week             Date,
    region           LowCardinality(String),
    tier             LowCardinality(String),
    dims             String,
    component        LowCardinality(String),
    windows          SimpleAggregateFunction(sum, UInt64),
    total_count      SimpleAggregateFunction(sum, UInt64),
    total_errors     SimpleAggregateFunction(sum, UInt64),
    slo_count        SimpleAggregateFunction(sum, UInt64),
    over_slo         SimpleAggregateFunction(sum, UInt64),
    slo_ms           SimpleAggregateFunction(anyLast, Nullable(Float64)),
    sum_ms           SimpleAggregateFunction(sum, Float64),
    max_ms           SimpleAggregateFunction(max, Float64),
    sketch           AggregateFunction(sumMap, Array(Int32), Array(Float64))
)
ENGINE = ${REPLICATED}AggregatingMergeTree
PARTITION BY toYear(week)
ORDER BY (region, tier, component, dims, week)
SETTINGS ${DEDUP_WINDOW};

CREATE MATERIALIZED VIEW IF NOT EXISTS latency_weekly_mv${LOCAL} ${ON_CLUSTER}
TO latency_weekly${LOCAL} AS
SELECT
    toMonday(window_start)                               AS week,
    region,
    tier,
    toString(mapSort(dimensions))                        AS dims,
    component,
    toUInt64(count())                                    AS windows,
    sum(count)                                           AS total_count,
    sum(error_count)                                     AS total_errors,
    sumIf(count, slo_threshold_ms IS NOT NULL)           AS slo_count,
    sum(over_slo_count)                                  AS over_slo,
    anyLast(slo_threshold_ms)                            AS slo_ms,
    sum(mean * count)                                    AS sum_ms,
    max(max)                                             AS max_ms,
    sumMapState(sketch_keys, sketch_counts)              AS sketch
FROM latency_stats_1m${LOCAL}
GROUP BY week, region, tier, dims, component;

-- Request and token volumes for capacity, from the raw events (the window stats carry no tokens).
-- output tokens = reasoning + answer; decode_tokens / decode_time_ms only over requests that measured
-- decode, so tokens/s is not diluted by requests without a decode timing.
CREATE TABLE IF NOT EXISTS request_volume_1h${LOCAL} ${ON_CLUSTER}
(
    hour                 DateTime('UTC'),
    region               LowCardinality(String),
    tier                 LowCardinality(String),
    model                LowCardinality(String),
    requests             SimpleAggregateFunction(sum, UInt64),
    errors               SimpleAggregateFunction(sum, UInt64),
    prompt_tokens        SimpleAggregateFunction(sum, UInt64),
    cached_prompt_tokens SimpleAggregateFunction(sum, UInt64),
    output_tokens        SimpleAggregateFunction(sum, UInt64),
    decode_tokens        SimpleAggregateFunction(sum, UInt64),
    decode_time_ms       SimpleAggregateFunction(sum, Float64),
    servers              AggregateFunction(uniq, Nullable(String))
)
ENGINE = ${REPLICATED}AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (region, tier, model, hour)
TTL hour + INTERVAL ${TTL_1H_DAYS} DAY
SETTINGS ${DEDUP_WINDOW};

CREATE MATERIALIZED VIEW IF NOT EXISTS request_volume_1h_mv${LOCAL} ${ON_CLUSTER}
TO request_volume_1h${LOCAL} AS
SELECT
    toStartOfHour(event_time)                                           AS hour,
    region,
    tier,
    model,
    toUInt64(count())                                                   AS requests,
    toUInt64(countIf(status != 'OK'))                                   AS errors,
    toUInt64(sum(ifNull(prompt_tokens, 0)))                             AS prompt_tokens,
    toUInt64(sum(ifNull(cached_prompt_tokens, 0)))                      AS cached_prompt_tokens,
    toUInt64(sum(ifNull(reasoning_tokens, 0) + ifNull(answer_tokens, 0))) AS output_tokens,
    toUInt64(sumIf(ifNull(reasoning_tokens, 0) + ifNull(answer_tokens, 0),
                   decode_ms IS NOT NULL))                              AS decode_tokens,
    sum(ifNull(decode_ms, 0))                                           AS decode_time_ms,
    uniqState(server_id)                                                AS servers
FROM request_timings${LOCAL}
GROUP BY hour, region, tier, model;

CREATE TABLE IF NOT EXISTS request_volume_weekly${LOCAL} ${ON_CLUSTER}
(
    week                 Date,
    region               LowCardinality(String),
    tier                 LowCardinality(String),
    model                LowCardinality(String),
    requests             SimpleAggregateFunction(sum, UInt64),
    errors               SimpleAggregateFunction(sum, UInt64),
    prompt_tokens        SimpleAggregateFunction(sum, UInt64),
    cached_prompt_tokens SimpleAggregateFunction(sum, UInt64),
    output_tokens        SimpleAggregateFunction(sum, UInt64),
    decode_tokens        SimpleAggregateFunction(sum, UInt64),
    decode_time_ms       SimpleAggregateFunction(sum, Float64),
    servers              AggregateFunction(uniq, Nullable(String))
)
ENGINE = ${REPLICATED}AggregatingMergeTree
PARTITION BY toYear(week)
ORDER BY (region, tier, model, week)
SETTINGS ${DEDUP_WINDOW};

CREATE MATERIALIZED VIEW IF NOT EXISTS request_volume_weekly_mv${LOCAL} ${ON_CLUSTER}
TO request_volume_weekly${LOCAL} AS
SELECT
    toMonday(event_time)                                                AS week,
    region,
    tier,
    model,
    toUInt64(count())                                                   AS requests,
    toUInt64(countIf(status != 'OK'))                                   AS errors,
    toUInt64(sum(ifNull(prompt_tokens, 0)))                             AS prompt_tokens,
    toUInt64(sum(ifNull(cached_prompt_tokens, 0)))                      AS cached_prompt_tokens,
    toUInt64(sum(ifNull(reasoning_tokens, 0) + ifNull(answer_tokens, 0))) AS output_tokens,
    toUInt64(sumIf(ifNull(reasoning_tokens, 0) + ifNull(answer_tokens, 0),
                   decode_ms IS NOT NULL))                              AS decode_tokens,
    sum(ifNull(decode_ms, 0))                                           AS decode_time_ms,
    uniqState(server_id)                                                AS servers
FROM request_timings${LOCAL}
GROUP BY week, region, tier, model;

-- r1lat:cluster-only
CREATE TABLE IF NOT EXISTS latency_stats_1h ${ON_CLUSTER} AS latency_stats_1h${LOCAL}
ENGINE = Distributed(${CLUSTER}, ${DB}, latency_stats_1h${LOCAL});

-- r1lat:cluster-only
CREATE TABLE IF NOT EXISTS latency_weekly ${ON_CLUSTER} AS latency_weekly${LOCAL}
ENGINE = Distributed(${CLUSTER}, ${DB}, latency_weekly${LOCAL});

-- r1lat:cluster-only
CREATE TABLE IF NOT EXISTS request_volume_1h ${ON_CLUSTER} AS request_volume_1h${LOCAL}
ENGINE = Distributed(${CLUSTER}, ${DB}, request_volume_1h${LOCAL});

-- r1lat:cluster-only
CREATE TABLE IF NOT EXISTS request_volume_weekly ${ON_CLUSTER} AS request_volume_weekly${LOCAL}
ENGINE = Distributed(${CLUSTER}, ${DB}, request_volume_weekly${LOCAL});
