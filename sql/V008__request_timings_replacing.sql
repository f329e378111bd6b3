-- Retried requests stored once. A client that retries a request (same request id, same event) is
-- promised idempotency by the gateway; the raw table keeps that promise by collapsing rows with an
-- equal sorting key: ReplacingMergeTree ordered by (region, tier, event_time, request_id). Equal
-- rows collapse within one inserted block at once and across blocks when parts merge, so counts
-- that must be exact read `FROM request_timings FINAL` or count `uniqExact(request_id)`; a plain
-- count() may still see a retry twice until the merge. The sink's insert dedup tokens are
-- unchanged (they drop replayed *batches*; this drops retried *requests*).
-- ClickHouse cannot ALTER a table's engine: a new table is created, the rows copied, the two
-- exchanged atomically, and the old one dropped. The materialized views reading request_timings
-- are dropped first and recreated on the new table afterwards (same SQL as V005), so the copy does
-- not count old rows into the rollups again. Run it with the sink stopped (./r1lat sink migrates
-- before it consumes): rows inserted between the copy and the exchange would be left behind.
-- Cluster: the copy goes through a Distributed table over the new local tables, re-sharded by
-- cityHash64(request_id) like request_timings itself.
-- Re-runnable from any statement (a run that died half-way re-applies the file): whatever
-- request_timings_v8 holds at the start (a partial copy, or the old table after the exchange) has
-- already been copied or is being copied again, so it is dropped first and the copy redone.

-- r1lat:cluster-only
DROP TABLE IF EXISTS request_timings_v8 ${ON_CLUSTER};

DROP TABLE IF EXISTS request_timings_v8${LOCAL} ${ON_CLUSTER};

CREATE TABLE IF NOT EXISTS request_timings_v8${LOCAL} ${ON_CLUSTER}
(
    request_id             String,
    event_time             DateTime64(3, 'UTC'),
    region                 LowCardinality(String),
    tier                   LowCardinality(String),
    model                  LowCardinality(String),
    quantization           LowCardinality(Nullable(String)),
    server_id              LowCardinality(Nullable(String)),
    streaming              Bool,
    status                 LowCardinality(String),
    error_code             LowCardinality(Nullable(String)),
    prompt_tokens          Nullable(UInt32),
    cached_prompt_tokens   Nullable(UInt32),
    reasoning_tokens       Nullable(UInt32),
    answer_tokens          Nullable(UInt32),
    response_cache_hit     Nullable(Bool),
    batch_size             Nullable(UInt32),
    network_in_ms          Nullable(Float64),
    queue_ms               Nullable(Float64),
    preprocess_ms          Nullable(Float64),
    prefill_ms             Nullable(Float64),
    ttft_ms                Nullable(Float64),
    ttfo_ms                Nullable(Float64),
    decode_ms              Nullable(Float64),
    max_inter_token_gap_ms Nullable(Float64),
    postprocess_ms         Nullable(Float64),
    network_out_ms         Nullable(Float64),
    e2e_ms                 Float64
)
ENGINE = ${REPLICATED}ReplacingMergeTree
PARTITION BY toDate(event_time)
ORDER BY (region, tier, event_time, request_id)
TTL toDateTime(event_time) + INTERVAL ${TTL_RAW_DAYS} DAY
SETTINGS ${DEDUP_WINDOW};

-- r1lat:cluster-only
CREATE TABLE IF NOT EXISTS request_timings_v8 ${ON_CLUSTER} AS request_timings_v8${LOCAL}
ENGINE = Distributed(${CLUSTER}, ${DB}, request_timings_v8${LOCAL}, cityHash64(request_id));

DROP VIEW IF EXISTS request_volume_1h_mv${LOCAL} ${ON_CLUSTER};

DROP VIEW IF EXISTS request_volume_weekly_mv${LOCAL} ${ON_CLUSTER};

INSERT INTO request_timings_v8 SELECT * FROM request_timings;

EXCHANGE TABLES request_timings${LOCAL} AND request_timings_v8${LOCAL} ${ON_CLUSTER};

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
DROP TABLE IF EXISTS request_timings_v8 ${ON_CLUSTER};

DROP TABLE IF EXISTS request_timings_v8${LOCAL} ${ON_CLUSTER};
