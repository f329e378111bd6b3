-- Anomaly lifecycle events (LatencyAnomaly.avsc): OPEN, UPDATE..., RESOLVED under one anomaly_id.
CREATE TABLE IF NOT EXISTS latency_anomalies${LOCAL} ${ON_CLUSTER}
(
    anomaly_id     String,
    kind           LowCardinality(String),
    state          LowCardinality(String),
    region         LowCardinality(String),
    tier           LowCardinality(String),
    dimensions     Map(LowCardinality(String), String),
    component      LowCardinality(String),
    metric         LowCardinality(String),
    observed       Float64,
    baseline       Nullable(Float64),
    severity       LowCardinality(String),
    window_start   DateTime64(3, 'UTC'),
    window_end     DateTime64(3, 'UTC'),
    detected_at    DateTime64(3, 'UTC'),
    reason         String
)
ENGINE = ${REPLICATED}MergeTree
PARTITION BY toYYYYMM(detected_at)
ORDER BY (region, tier, component, detected_at, anomaly_id)
SETTINGS ${DEDUP_WINDOW};

-- r1lat:cluster-only
CREATE TABLE IF NOT EXISTS latency_anomalies ${ON_CLUSTER} AS latency_anomalies${LOCAL}
ENGINE = Distributed(${CLUSTER}, ${DB}, latency_anomalies${LOCAL}, cityHash64(anomaly_id));
