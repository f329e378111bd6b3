package dev.r1lat.sink;

import java.net.SocketTimeoutException;
import java.util.Set;

/**
 * Sorts a failed ClickHouse insert into the two things the sink can do about it. A <b>row error</b>
 * is ClickHouse refusing the data itself (a value it cannot take, a constraint, more partitions in
 * one block than {@code max_partitions_per_insert_block}): the same rows fail the same way on every
 * retry, so retrying would stop the flow for ever; the sink bisects the batch instead and
 * dead-letters the rows ClickHouse refuses. Everything else is <b>transient</b> or at least not the
 * rows' fault (network, timeout, overload, too many parts while merges catch up, a missing table or
 * a revoked grant): retried with back-off, never dead-lettered, since bisecting a configuration
 * error would dead-letter every row. Unknown codes count as transient for the same reason: a stall
 * is visible (metrics), silently dead-lettered data is not.
 */
public final class ClickHouseErrors {
  /** TOO_MANY_PARTS: both "too many parts" (overload) and "too many partitions for one block". */
  static final int TOO_MANY_PARTS = 252;

  /** The "too many partitions" flavour of 252: depends only on the rows of the block. */
  private static final String TOO_MANY_PARTITIONS = "too many partitions for single insert block";

  /** Error codes that depend only on the inserted rows (ClickHouse's src/Common/ErrorCodes.cpp). */
  private static final Set<Integer> ROW_ERRORS =
      Set.of(
          6, // CANNOT_PARSE_TEXT
          26, // CANNOT_PARSE_QUOTED_STRING
          27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
          38, // CANNOT_PARSE_DATE
          41, // CANNOT_PARSE_DATETIME
          53, // TYPE_MISMATCH
          69, // ARGUMENT_OUT_OF_BOUND
          70, // CANNOT_CONVERT_TYPE
          72, // CANNOT_PARSE_NUMBER
          117, // INCORRECT_DATA
          131, // TOO_LARGE_STRING_SIZE
          190, // SIZES_OF_ARRAYS_DONT_MATCH
          321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
          395, // FUNCTION_THROW_IF_VALUE_IS_NON_ZERO (throwIf in a view)
          469 // VIOLATED_CONSTRAINT
          );

  private ClickHouseErrors() {}

  /** Whether ClickHouse refused these rows for what they are (see the class comment). */
  public static boolean isRowError(Throwable e) {
    return isRowError(ClickHouseCalls.serverCode(e), message(e));
  }

  static boolean isRowError(int code, String message) {
    if (code == TOO_MANY_PARTS) {
      return message != null
          && message.toLowerCase(java.util.Locale.ROOT).contains(TOO_MANY_PARTITIONS);
    }
    return ROW_ERRORS.contains(code);
  }

  /** Whether the failure is a timeout (socket read, connect), for the log and the counters. */
  public static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException
          || t instanceof java.util.concurrent.TimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }

  /** ClickHouse's own message (the server exception's), one line, for a dead letter's reason. */
  public static String message(Throwable e) {
    Throwable server = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.clickhouse.client.api.ServerException) {
        server = t;
        break;
      }
    }
    String m = server.getMessage() == null ? server.toString() : server.getMessage();
    m = m.strip();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 1000 ? m.substring(0, 1000) + "..." : m;
  }
}
