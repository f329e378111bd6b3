-- One row per 1-minute window x group x component (LatencyWindowStats.avsc). The sketch is stored
-- as its buckets: sketch_keys[i] is a DDSketch bucket index (Integer.MIN_VALUE = the zero bucket)
-- and sketch_counts[i] its count, so SQL merges sketches exactly by summing counts per index
-- (sumMap) and reads quantiles back with r1lat_sketch_quantile (V005).
CREATE TABLE IF NOT EXISTS latency_stats_1m${LOCAL} ${ON_CLUSTER}
(
    window_start     DateTime64(3, 'UTC'),
    window_end       DateTime64(3, 'UTC'),
    region           LowCardinality(String),
    tier             LowCardinality(String),
    dimensions       Map(LowCardinality(String), String),
    component        LowCardinality(String),
    count            UInt64,
    error_count      UInt64,
    slo_threshold_ms Nullable(Float64),
    over_slo_count   UInt64,
    p50              Float64,
    p90              Float64,
    p95              Float64,
    p99              Float64,
    p999             Float64,
    mean             Float64,
    max              Float64,
    sketch_keys      Array(Int32),
    sketch_counts    Array(Float64),
    sketch_format    LowCardinality(String),
    inserted_at      DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ${REPLICATED}MergeTree
PARTITION BY toDate(window_start)
ORDER BY (region, tier, component, window_start)
TTL toDateTime(window_start) + INTERVAL ${TTL_1M_DAYS} DAY
SETTINGS ${DEDUP_WINDOW};

-- r1lat:cluster-only
CREATE TABLE IF NOT EXISTS latency_stats_1m ${ON_CLUSTER} AS latency_stats_1m${LOCAL}
ENGINE = Distributed(${CLUSTER}, ${DB}, latency_stats_1m${LOCAL}, cityHash64(region, tier, component));
