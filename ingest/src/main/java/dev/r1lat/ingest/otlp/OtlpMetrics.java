package dev.r1lat.ingest.otlp;

import dev.r1lat.ingest.gateway.AdmissionControl;
import dev.r1lat.schema.TimingRules.Kind;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the OTLP receivers, for {@code GET /health} and {@code GET /metrics} on the OTLP/HTTP
 * port: exports by transport and result, request spans accepted and rejected (by reason class, as
 * the JSON gateway), spans ignored as not requests. Thread-safe.
 */
public final class OtlpMetrics {
  private final Map<String, LongAdder> exports = new ConcurrentHashMap<>();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder ignored = new LongAdder();
  private final LongAdder unacknowledged = new LongAdder();
  private final Map<Kind, LongAdder> rejected = new EnumMap<>(Kind.class);
  private final AdmissionControl admission;

  OtlpMetrics(AdmissionControl admission) {
    this.admission = admission;
    for (Kind k : Kind.values()) {
      rejected.put(k, new LongAdder());
    }
  }

  void answered(String transport, OtlpOutcome o) {
    String result = o == null ? "error" : o.result().name().toLowerCase(java.util.Locale.ROOT);
    exports
        .computeIfAbsent(
            "transport=\"" + transport + "\",result=\"" + result + "\"", k -> new LongAdder())
        .increment();
  }

  void accepted(int n) {
    accepted.add(n);
  }

  void ignored(int n) {
    ignored.add(n);
  }

  void unacknowledged(int n) {
    unacknowledged.add(n);
  }

  void rejected(Kind kind) {
    rejected.get(kind).increment();
  }

  public long accepted() {
    return accepted.sum();
  }

  public long ignored() {
    return ignored.sum();
  }

  public long rejected() {
    return rejected.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public Map<String, Long> counters() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("exports", exports.values().stream().mapToLong(LongAdder::sum).sum());
    out.put("spansAccepted", accepted());
    out.put("spansRejected", rejected());
    out.put("spansIgnored", ignored());
    out.put("kafkaFailures", unacknowledged.sum());
    out.put("inFlight", (long) admission.inFlight());
    out.put("shed", admission.shed());
    out.put("timedOut", admission.timedOut());
    return out;
  }

  public String prometheus() {
    StringBuilder b = new StringBuilder();
    type(b, "r1lat_otlp_exports_total", "OTLP trace exports by transport and result");
    new TreeMap<>(exports)
        .forEach((l, n) -> line(b, "r1lat_otlp_exports_total{" + l + "}", n.sum()));
    type(b, "r1lat_otlp_spans_accepted_total", "request spans Kafka acknowledged");
    line(b, "r1lat_otlp_spans_accepted_total", accepted());
    type(b, "r1lat_otlp_spans_rejected_total", "request spans refused, by reason class");
    rejected.forEach(
        (k, n) ->
            line(b, "r1lat_otlp_spans_rejected_total{reason=\"" + k.label() + "\"}", n.sum()));
    type(b, "r1lat_otlp_spans_ignored_total", "spans that are not requests");
    line(b, "r1lat_otlp_spans_ignored_total", ignored());
    type(b, "r1lat_otlp_spans_unacknowledged_total", "valid spans Kafka did not acknowledge");
    line(b, "r1lat_otlp_spans_unacknowledged_total", unacknowledged.sum());
    type(b, "r1lat_otlp_exports_shed_total", "exports refused because the queue was full");
    line(b, "r1lat_otlp_exports_shed_total", admission.shed());
    return b.toString();
  }

  private static void type(StringBuilder b, String name, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
  }

  private static void line(StringBuilder b, String series, long value) {
    b.append(series).append(' ').append(value).append('\n');
  }
}
