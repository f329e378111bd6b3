-- Raw events: one row per inference request (RequestTiming.avsc). Partitioned by day so the TTL
-- drops whole parts; ordered for the common (region, tier, time range) scans.
-- insert_deduplication_token needs a deduplication window on a non-replicated MergeTree
-- (${DEDUP_WINDOW}); the replicated variant has one by default, set explicitly all the same.
CREATE TABLE IF NOT EXISTS request_timings${LOCAL} ${ON_CLUSTER}
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
ENGINE = ${REPLICATED}MergeTree
PARTITION BY toDate(event_time)
ORDER BY (region, tier, event_time)
TTL toDateTime(event_time) + INTERVAL ${TTL_RAW_DAYS} DAY
SETTINGS ${DEDUP_WINDOW};

-- r1lat:cluster-only
CREATE TABLE IF NOT EXISTS request_timings ${ON_CLUSTER} AS request_timings${LOCAL}
ENGINE = Distributed(${CLUSTER}, ${DB}, request_timings${LOCAL}, cityHash64(request_id));
