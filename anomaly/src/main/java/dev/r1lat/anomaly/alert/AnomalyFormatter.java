package dev.r1lat.anomaly.alert;

import dev.r1lat.schema.LatencyAnomaly;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One anomaly event as one readable line: window time (UTC), state, severity, kind, the reason and
 * a short id, e.g. {@code 2026-01-01 10:05Z OPEN CRITICAL BASELINE_REGRESSION ttft p99 4.1 s vs
 * baseline 1.2 s (+240%) in eu-west/H100 for 3 windows [id 3dd3b104]}.
 */
public final class AnomalyFormatter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private AnomalyFormatter() {}

  public static String line(LatencyAnomaly a) {
    String id = a.getAnomalyId();
    return String.format(
        Locale.ROOT,
        "%s %-8s %-8s %-19s %s [id %s]",
        TIME.format(Instant.ofEpochMilli(a.getWindowStartMs())),
        a.getState(),
        a.getSeverity(),
        a.getKind(),
        a.getReason(),
        id.length() > 8 ? id.substring(0, 8) : id);
  }
}
