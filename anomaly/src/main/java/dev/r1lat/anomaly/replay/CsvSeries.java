package dev.r1lat.anomaly.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code timestamp,value} CSV (with a header naming the columns). Timestamps may be {@code
 * yyyy-MM-dd HH:mm:ss[.ffffff]}, ISO-8601 (with or without zone; no zone means UTC) or epoch
 * seconds or milliseconds. A row that does not parse, or goes back in time, is skipped and
 * reported, never silently dropped: {@link Parsed#problems()} lists each with its line number.
 */
public final class CsvSeries {
  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendPattern("HH:mm")
          .optionalStart()
          .appendPattern(":ss")
          .optionalEnd()
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .toFormatter(Locale.ROOT);

  private CsvSeries() {}

  /** The points read and one message per row that was skipped. */
  public record Parsed(List<SeriesPoint> points, List<String> problems) {
    /**
     * The first {@code limit} problems, then one line counting the rest: a file with a repeated
     * hour (a clock change) would otherwise print one line per row of that hour.
     */
    public List<String> problemSummary(int limit) {
      if (problems.size() <= limit) {
        return problems;
      }
      List<String> out = new ArrayList<>(problems.subList(0, limit));
      long kept = problems.stream().skip(limit).filter(p -> p.contains(" kept: ")).count();
      long skipped = problems.size() - limit - kept;
      out.add(
          "... and "
              + (problems.size() - limit)
              + " more ("
              + skipped
              + " skipped, "
              + kept
              + " kept out of order)");
      return out;
    }
  }

  public static Parsed read(Reader in, String timestampColumn, String valueColumn)
      throws IOException {
    BufferedReader reader = new BufferedReader(in);
    String header = reader.readLine();
    if (header == null) {
      throw new IllegalArgumentException("the file is empty (expected a header line)");
    }
    List<String> names = Arrays.stream(header.split(",", -1)).map(CsvSeries::unquote).toList();
    int ts = indexOf(names, timestampColumn);
    int val = indexOf(names, valueColumn);
    List<SeriesPoint> points = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String line;
    int lineNo = 1;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      try {
        if (cells.length <= Math.max(ts, val)) {
          throw new IllegalArgumentException("has " + cells.length + " columns");
        }
        String tsText = unquote(cells[ts]);
        long t = parseTimestamp(tsText);
        double v = Double.parseDouble(unquote(cells[val]));
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("value is not a finite number");
        }
        if (!points.isEmpty() && t <= points.get(points.size() - 1).timestampMs()) {
          // kept in file order (a clock change repeats an hour); the replay orders it after the
          // previous row so no row is lost
          problems.add("line " + lineNo + " kept: timestamp " + tsText + " is not after the last");
        }
        points.add(new SeriesPoint(t, v, tsText));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        problems.add("line " + lineNo + " skipped: " + e.getMessage());
      }
    }
    return new Parsed(List.copyOf(points), List.copyOf(problems));
  }

  /** The typical spacing: the median gap between consecutive points (1 minute if fewer than 2). */
  public static long spacingMs(List<SeriesPoint> points) {
    if (points.size() < 2) {
      return 60_000;
    }
    long[] gaps = new long[points.size() - 1];
    for (int i = 1; i < points.size(); i++) {
      gaps[i - 1] = points.get(i).timestampMs() - points.get(i - 1).timestampMs();
    }
    Arrays.sort(gaps);
    return Math.max(1, gaps[gaps.length / 2]);
  }

  static long parseTimestamp(String text) {
    String t = text.trim();
    if (t.matches("-?\\d+(\\.\\d+)?")) {
      double n = Double.parseDouble(t);
      // epoch seconds until the year 5138; anything larger is milliseconds
      return Math.abs(n) < 1e11 ? Math.round(n * 1000) : Math.round(n);
    }
    try {
      return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (DateTimeParseException e2) {
        try {
          return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e3) {
          throw new IllegalArgumentException("timestamp '" + t + "' is not a date-time");
        }
      }
    }
  }

  private static int indexOf(List<String> names, String column) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "no column '" + column + "' in the header (columns: " + String.join(", ", names) + ")");
  }

  private static String unquote(String cell) {
    String c = cell.trim();
    return c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")
        ? c.substring(1, c.length() - 1)
        : c;
  }
}
