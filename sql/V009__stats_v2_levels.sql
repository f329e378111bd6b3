-- LatencyWindowStats v2 in SQL: success-only sketches with the failures beside them, correction
-- rows for late events, goodput counts, and one view per group level.
--
-- latency_stats_1m gains the v2 fields. Rows written before them keep the defaults: revision 0,
-- ok_count NULL (their percentiles, mean, max and sketch describe every request), timeout and
-- cancelled counts 0, empty failed sketch, good_count NULL (no goodput).
-- A correction row (revision >= 1) holds only late events of its window: the rollups add it to the
-- window's earlier rows (counts summed, sketches merged), nothing is replaced.
--
-- The rollups gain the same measures as new SimpleAggregateFunction / AggregateFunction columns
-- (ALTER ... ADD COLUMN: metadata only, existing rows read the defaults), and their materialized
-- views are dropped and created again with the new SELECT, so a row inserted afterwards fills every
-- column. Run it with the sink stopped (./r1lat sink migrates before it consumes): a window
-- inserted between the DROP and the CREATE would miss the rollups. Re-runnable from any statement.

ALTER TABLE latency_stats_1m${LOCAL} ${ON_CLUSTER}
    ADD COLUMN IF NOT EXISTS revision UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS ok_count Nullable(UInt64),
    ADD COLUMN IF NOT EXISTS timeout_count UInt64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cancelled_count UInt64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS failed_sketch_keys Array(Int32),
    ADD COLUMN IF NOT EXISTS failed_sketch_counts Array(Float64),
    ADD COLUMN IF NOT EXISTS good_count Nullable(UInt64);

-- r1lat:cluster-only
ALTER TABLE latency_stats_1m ${ON_CLUSTER}
    ADD COLUMN IF NOT EXISTS revision UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS ok_count Nullable(UInt64),
    ADD COLUMN IF NOT EXISTS timeout_count UInt64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cancelled_count UInt64 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS failed_sketch_keys Array(Int32),
    ADD COLUMN IF NOT EXISTS failed_sketch_counts Array(Float64),
    ADD COLUMN IF NOT EXISTS good_count Nullable(UInt64);

-- The group level of a row: 'group' (a region x tier), 'region' (all tiers of a region, tier '*'),
-- 'tier' (a tier over all regions, region '*') or 'fleet' (both '*'). The streams app emits every
-- request once per level, so sums are right within one level and four times too large across all.
CREATE FUNCTION IF NOT EXISTS r1lat_level ${ON_CLUSTER} AS (region, tier) ->
    multiIf(region != '*' AND tier != '*', 'group',
            region != '*', 'region',
            tier != '*', 'tier',
            'fleet');

-- Rollup columns (names differ from the 1m columns, so views' aliases never shadow them):
--   corrections      correction rows (revision >= 1) folded in; windows counts first emissions only
--   split_count      requests of rows carrying the OK / failed split (ok_count not NULL)
--   ok_total         OK requests among split_count
--   timeout_total, cancelled_total   TIMEOUT / CANCELLED requests (parts of total_errors)
--   good_basis       requests of rows carrying good_count; good_total: those that were good
--   slo_ms_min/max   thresholds of the rows summed (differ when the SLO changed within the bucket)
--   failed_sketch    buckets of the values of failed requests; sketch holds the OK ones (and,
--                    for rows before the split, every request)
--   sum_ms           mean x the requests the mean describes (OK ones, or all before the split)
ALTER TABLE latency_stats_1h${LOCAL} ${ON_CLUSTER}
    ADD COLUMN IF NOT EXISTS corrections SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS split_count SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS ok_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS timeout_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS cancelled_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS good_basis SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS good_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS slo_ms_min SimpleAggregateFunction(min, Nullable(Float64)) DEFAULT slo_ms,
    ADD COLUMN IF NOT EXISTS slo_ms_max SimpleAggregateFunction(max, Nullable(Float64)) DEFAULT slo_ms,
    ADD COLUMN IF NOT EXISTS failed_sketch AggregateFunction(sumMap, Array(Int32), Array(Float64));

ALTER TABLE latency_weekly${LOCAL} ${ON_CLUSTER}
    ADD COLUMN IF NOT EXISTS corrections SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS split_count SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS ok_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS timeout_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS cancelled_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS good_basis SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS good_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS slo_ms_min SimpleAggregateFunction(min, Nullable(Float64)) DEFAULT slo_ms,
    ADD COLUMN IF NOT EXISTS slo_ms_max SimpleAggregateFunction(max, Nullable(Float64)) DEFAULT slo_ms,
    ADD COLUMN IF NOT EXISTS failed_sketch AggregateFunction(sumMap, Array(Int32), Array(Float64));

-- r1lat:cluster-only
ALTER TABLE latency_stats_1h ${ON_CLUSTER}
    ADD COLUMN IF NOT EXISTS corrections SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS split_count SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS ok_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS timeout_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS cancelled_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS good_basis SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS good_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS slo_ms_min SimpleAggregateFunction(min, Nullable(Float64)) DEFAULT slo_ms,
    ADD COLUMN IF NOT EXISTS slo_ms_max SimpleAggregateFunction(max, Nullable(Float64)) DEFAULT slo_ms,
    ADD COLUMN IF NOT EXISTS failed_sketch AggregateFunction(sumMap, Array(Int32), Array(Float64));

-- r1lat:cluster-only
ALTER TABLE latency_weekly ${ON_CLUSTER}
    ADD COLUMN IF NOT EXISTS corrections SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS split_count SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS ok_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS timeout_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS cancelled_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS good_basis SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS good_total SimpleAggregateFunction(sum, UInt64),
    ADD COLUMN IF NOT EXISTS slo_ms_min SimpleAggregateFunction(min, Nullable(Float64)) DEFAULT slo_ms,
    ADD COLUMN IF NOT EXISTS slo_ms_max SimpleAggregateFunction(max, Nullable(Float64)) DEFAULT slo_ms,
    ADD COLUMN IF NOT EXISTS failed_sketch AggregateFunction(sumMap, Array(Int32), Array(Float64));

DROP VIEW IF EXISTS latency_stats_1h_mv${LOCAL} ${ON_CLUSTER};

DROP VIEW IF EXISTS latency_weekly_mv${LOCAL} ${ON_CLUSTER};

-- A window whose requests all failed has no OK value: its mean and max add nothing.
CREATE MATERIALIZED VIEW IF NOT EXISTS latency_stats_1h_mv${LOCAL} ${ON_CLUSTER}
TO latency_stats_1h${LOCAL} AS
SELECT
    toStartOfHour(window_start)                                    AS hour,
    region,
    tier,
    toString(mapSort(dimensions))                                  AS dims,
    component,
    toUInt64(countIf(revision = 0))                                AS windows,
    toUInt64(countIf(revision >= 1))                               AS corrections,
    sum(count)                                                     AS total_count,
    sum(error_count)                                               AS total_errors,
    sumIf(count, slo_threshold_ms IS NOT NULL)                     AS slo_count,
    sum(over_slo_count)                                            AS over_slo,
    anyLast(slo_threshold_ms)                                      AS slo_ms,
    min(slo_threshold_ms)                                          AS slo_ms_min,
    max(slo_threshold_ms)                                          AS slo_ms_max,
    sumIf(mean * ifNull(ok_count, count), ifNull(ok_count, count) > 0) AS sum_ms,
    maxIf(max, ifNull(ok_count, count) > 0)                        AS max_ms,
    sumMapState(sketch_keys, sketch_counts)                        AS sketch,
    sumIf(count, ok_count IS NOT NULL)                             AS split_count,
    sum(ifNull(ok_count, 0))                                       AS ok_total,
    sum(timeout_count)                                             AS timeout_total,
    sum(cancelled_count)                                           AS cancelled_total,
    sumIf(count, good_count IS NOT NULL)                           AS good_basis,
    sum(ifNull(good_count, 0))                                     AS good_total,
    sumMapState(failed_sketch_keys, failed_sketch_counts)          AS failed_sketch
FROM latency_stats_1m${LOCAL}
GROUP BY hour, region, tier, dims, component;

CREATE MATERIALIZED VIEW IF NOT EXISTS latency_weekly_mv${LOCAL} ${ON_CLUSTER}
TO latency_weekly${LOCAL} AS
SELECT
    toMonday(window_start)                                         AS week,
    region,
    tier,
    toString(mapSort(dimensions))                                  AS dims,
    component,
    toUInt64(countIf(revision = 0))                                AS windows,
    toUInt64(countIf(revision >= 1))                               AS corrections,
    sum(count)                                                     AS total_count,
    sum(error_count)                                               AS total_errors,
    sumIf(count, slo_threshold_ms IS NOT NULL)                     AS slo_count,
    sum(over_slo_count)                                            AS over_slo,
    anyLast(slo_threshold_ms)                                      AS slo_ms,
    min(slo_threshold_ms)                                          AS slo_ms_min,
    max(slo_threshold_ms)                                          AS slo_ms_max,
    sumIf(mean * ifNull(ok_count, count), ifNull(ok_count, count) > 0) AS sum_ms,
    maxIf(max, ifNull(ok_count, count) > 0)                        AS max_ms,
    sumMapState(sketch_keys, sketch_counts)                        AS sketch,
    sumIf(count, ok_count IS NOT NULL)                             AS split_count,
    sum(ifNull(ok_count, 0))                                       AS ok_total,
    sum(timeout_count)                                             AS timeout_total,
    sum(cancelled_count)                                           AS cancelled_total,
    sumIf(count, good_count IS NOT NULL)                           AS good_basis,
    sum(ifNull(good_count, 0))                                     AS good_total,
    sumMapState(failed_sketch_keys, failed_sketch_counts)          AS failed_sketch
FROM latency_stats_1m${LOCAL}
GROUP BY week, region, tier, dims, component;
