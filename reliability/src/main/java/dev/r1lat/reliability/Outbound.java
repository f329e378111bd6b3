package dev.r1lat.reliability;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import java.nio.charset.StandardCharsets;

/**
 * One record a scenario publishes to the input topic: its key, value bytes (null for a tombstone),
 * an optional fixed partition, and what it is meant to be ({@code kind}: "valid" or the name of a
 * malformation), which travels as a header so the dead-letter topic can be checked kind by kind.
 * {@code timestampMs} is the record timestamp to send (null: the wall clock); it only reaches the
 * streams app on an input topic with {@code CreateTime} (see {@link
 * Pipeline#brokerClockInThePast}).
 */
public record Outbound(Integer partition, String key, byte[] value, String kind, Long timestampMs) {
  public Outbound(Integer partition, String key, byte[] value, String kind) {
    this(partition, key, value, kind, null);
  }

  public static final String VALID = "valid";
  public static final String KIND_HEADER = "r1lat.reliability.kind";
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);

  public static Outbound valid(RequestTiming t) {
    return new Outbound(null, t.getRequestId(), CODEC.encode(t), VALID);
  }

  public static Outbound valid(RequestTiming t, int partition) {
    return new Outbound(partition, t.getRequestId(), CODEC.encode(t), VALID);
  }

  public static Outbound malformed(String key, byte[] value, String kind) {
    return new Outbound(null, key, value, kind);
  }

  /**
   * A valid event of a given kind ("valid", "skewed", "backfill", ...), sent at {@code sentAtMs}.
   */
  public static Outbound event(RequestTiming t, String kind, Long sentAtMs) {
    return new Outbound(null, t.getRequestId(), CODEC.encode(t), kind, sentAtMs);
  }

  byte[] keyBytes() {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] encode(RequestTiming t) {
    return CODEC.encode(t);
  }
}
