-- Quantiles of DDSketch buckets, in SQL, equal to LatencySketches / sketches-java 0.8.3
-- (DDSketch.getValueAtQuantile with LogarithmicMapping(0.01)), so a rollup's percentiles are those
-- of the exactly merged sketch, never an average of percentiles.
--
-- The mapping, as sketches-java computes it (LogLikeIndexMapping(gamma, indexOffset = 0)):
--   gamma            = (1 + 0.01) / (1 - 0.01)
--   multiplier       = ln(e) / log1p(gamma - 1)
--   relativeAccuracy = (gamma - 1) / (gamma + 1)
--   value(index)     = exp(index / multiplier) * (1 + relativeAccuracy)
-- and the zero bucket (index Integer.MIN_VALUE in sketch_keys) reads 0.
-- getValueAtQuantile(q): rank = q * (count - 1); walk buckets in ascending index order summing
-- counts; the first bucket whose running sum exceeds rank (strictly) holds the quantile.
-- SQL functions are global to the server, hence the r1lat_ prefix.
CREATE FUNCTION IF NOT EXISTS r1lat_sketch_value ${ON_CLUSTER} AS (index) ->
    if(index = -2147483648, 0.,
       exp(index / (log(e()) / log1p((1 + 0.01) / (1 - 0.01) - 1)))
         * (1 + ((1 + 0.01) / (1 - 0.01) - 1) / ((1 + 0.01) / (1 - 0.01) + 1)));

-- keys ascending (as sumMap returns them and as LatencySketches.forEachBucket writes them)
CREATE FUNCTION IF NOT EXISTS r1lat_sketch_index ${ON_CLUSTER} AS (keys, counts, q) ->
    arrayFirst((k, c) -> c > q * (arraySum(counts) - 1), keys, arrayCumSum(counts));

CREATE FUNCTION IF NOT EXISTS r1lat_sketch_quantile ${ON_CLUSTER} AS (keys, counts, q) ->
    if(empty(keys), nan, r1lat_sketch_value(r1lat_sketch_index(keys, counts, q)));

-- the same over a merged state: r1lat_quantile(sumMapMerge(sketch), 0.99)
CREATE FUNCTION IF NOT EXISTS r1lat_quantile ${ON_CLUSTER} AS (merged, q) ->
    r1lat_sketch_quantile(tupleElement(merged, 1), tupleElement(merged, 2), q);
