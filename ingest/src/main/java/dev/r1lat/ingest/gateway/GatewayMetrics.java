package dev.r1lat.ingest.gateway;

import dev.r1lat.schema.TimingRules.Kind;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The gateway's counters, for {@code GET /health} (JSON) and {@code GET /metrics} (Prometheus text
 * format 0.0.4). Refused events are labelled by reason class ({@code invalid_field}, {@code
 * future_event_time}, {@code too_old}: the same small set the streams app and the sink use), so an
 * old backfill refused at the door is visible as {@code
 * r1lat_gateway_events_rejected_total{reason="too_old"}}. Thread-safe.
 */
public final class GatewayMetrics {
  private final LongAdder requests = new LongAdder();
  private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder unacknowledged = new LongAdder();
  private final Map<Kind, LongAdder> rejected = new EnumMap<>(Kind.class);
  private final Map<String, Gauge> gauges = new LinkedHashMap<>();

  /** A value read at scrape time, its /health name and its Prometheus name. */
  private record Gauge(String metric, LongSupplier value) {}

  public GatewayMetrics() {
    for (Kind k : Kind.values()) {
      rejected.put(k, new LongAdder());
    }
  }

  /**
   * Exposes a value read at scrape time (admission's in-flight, shed and timed-out counts) as
   * {@code healthName} in /health and {@code metric} in /metrics (a counter if it ends in _total).
   */
  GatewayMetrics withGauge(String healthName, String metric, LongSupplier value) {
    gauges.put(healthName, new Gauge(metric, value));
    return this;
  }

  void request() {
    requests.increment();
  }

  void answered(int status) {
    byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  void accepted(int n) {
    accepted.add(n);
  }

  void unacknowledged(int n) {
    unacknowledged.add(n);
  }

  void rejected(Map<Kind, Integer> byKind) {
    byKind.forEach((k, n) -> rejected.get(k).add(n));
  }

  public long rejected(Kind kind) {
    return rejected.get(kind).sum();
  }

  /** For /health: requests, events accepted / rejected / not acknowledged, admission gauges. */
  public Map<String, Long> counters() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("requests", requests.sum());
    out.put("accepted", accepted.sum());
    out.put("rejected", rejected.values().stream().mapToLong(LongAdder::sum).sum());
    out.put("kafkaFailures", unacknowledged.sum());
    gauges.forEach((name, g) -> out.put(name, g.value().getAsLong()));
    return out;
  }

  /** Prometheus text exposition. */
  public String prometheus() {
    StringBuilder b = new StringBuilder();
    counter(b, "r1lat_gateway_requests_total", "ingest requests received");
    line(b, "r1lat_gateway_requests_total", "", requests.sum());
    counter(b, "r1lat_gateway_responses_total", "ingest answers by HTTP status");
    new TreeMap<>(byStatus)
        .forEach(
            (s, n) -> line(b, "r1lat_gateway_responses_total", "status=\"" + s + "\"", n.sum()));
    counter(b, "r1lat_gateway_events_accepted_total", "events Kafka acknowledged");
    line(b, "r1lat_gateway_events_accepted_total", "", accepted.sum());
    counter(b, "r1lat_gateway_events_rejected_total", "events refused, by reason class");
    rejected.forEach(
        (k, n) ->
            line(
                b, "r1lat_gateway_events_rejected_total", "reason=\"" + k.label() + "\"", n.sum()));
    counter(
        b,
        "r1lat_gateway_events_unacknowledged_total",
        "valid events Kafka did not acknowledge in time (answered 503)");
    line(b, "r1lat_gateway_events_unacknowledged_total", "", unacknowledged.sum());
    for (Gauge g : gauges.values()) {
      b.append("# TYPE ").append(g.metric());
      b.append(g.metric().endsWith("_total") ? " counter\n" : " gauge\n");
      line(b, g.metric(), "", g.value().getAsLong());
    }
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
  }

  private static void line(StringBuilder b, String name, String labels, long value) {
    b.append(name);
    if (!labels.isEmpty()) {
      b.append('{').append(labels).append('}');
    }
    b.append(' ').append(value).append('\n');
  }
}
