package dev.r1lat.reliability;

import dev.r1lat.schema.RequestTiming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Input the streams app must reject, one kind per way a record goes wrong in the field: bytes that
 * are not an event at all, a truncated or foreign-schema event, and well-formed events with values
 * no statistic may see. Each kind names a word its dead-letter reason must contain, so the check is
 * that the reason says what is wrong, not merely that there is one.
 */
public final class Malformations {
  /**
   * One kind of bad record, the word its dead-letter reason must contain, and the reason class both
   * the streams app and the sink count it under.
   */
  public record Kind(
      String name,
      String reasonMentions,
      String reasonClass,
      BiFunction<Integer, Long, byte[]> bytes) {
    /**
     * Whether the streams app quarantines this kind (a well-formed event whose event time cannot be
     * trusted) rather than dead-lettering it; the sink dead-letters every kind.
     */
    public boolean quarantined() {
      return reasonClass.equals(FUTURE) || reasonClass.equals(TOO_OLD);
    }
  }

  private static final String UNDECODABLE = "undecodable";
  private static final String INVALID = "invalid_field";
  private static final String FUTURE = "future_event_time";
  private static final String TOO_OLD = "too_old";

  private static final long HOUR = 3_600_000;

  /** Request id prefix of the bad records that decode (they are events with invalid values). */
  public static final String REQUEST_ID_PREFIX = "bad-";

  public static final List<Kind> KINDS =
      List.of(
          new Kind(
              "garbage",
              "not Avro",
              UNDECODABLE,
              (i, t) -> utf8("{\"not\":\"an event\",\"i\":" + i + "}")),
          new Kind("empty", "not Avro", UNDECODABLE, (i, t) -> new byte[0]),
          new Kind("tombstone", "null value", UNDECODABLE, (i, t) -> null),
          new Kind("truncated", "corrupt", UNDECODABLE, (i, t) -> truncated(valid(i, t))),
          new Kind(
              "unknown-schema",
              "unknown writer",
              UNDECODABLE,
              (i, t) -> foreignFingerprint(valid(i, t))),
          new Kind(
              "negative-timing",
              "negative",
              INVALID,
              (i, t) -> encode(valid(i, t, -12.5, "us-east"))),
          new Kind("nan-e2e", "NaN", INVALID, (i, t) -> encode(valid(i, t, Double.NaN, "us-east"))),
          new Kind(
              "reserved-region", "reserved", INVALID, (i, t) -> encode(valid(i, t, 100.0, "*"))),
          new Kind(
              "future-time",
              "future",
              FUTURE,
              (i, t) -> encode(valid(i, t + 2 * HOUR, 100.0, "eu-west"))),
          new Kind(
              "absurd-timing",
              "max-timing",
              INVALID,
              (i, t) -> encode(valid(i, t, 1e12, "eu-west"))));

  /**
   * One record of each way the Avro decoder can be led astray: every one carries the single-object
   * header with RequestTiming's own fingerprint (or a foreign one), so only the body is wrong. The
   * first is the 15-byte record of issue 11 (a string length of 2e9).
   */
  public static final List<Kind> POISON =
      List.of(
          new Kind("huge-string-length", "", UNDECODABLE, (i, t) -> Poison.hugeStringLength()),
          new Kind("negative-length", "", UNDECODABLE, (i, t) -> Poison.negativeLength(i)),
          new Kind("huge-union-index", "", UNDECODABLE, (i, t) -> Poison.hugeUnionIndex(i, t)),
          new Kind("huge-enum-index", "", UNDECODABLE, (i, t) -> Poison.hugeEnumIndex(i, t)),
          new Kind("header-only", "", UNDECODABLE, (i, t) -> Poison.headerOnly()),
          new Kind("truncated-body", "", UNDECODABLE, (i, t) -> truncated(valid(i, t))),
          new Kind(
              "unknown-fingerprint",
              "unknown writer",
              UNDECODABLE,
              (i, t) -> foreignFingerprint(valid(i, t))));

  private Malformations() {}

  /**
   * {@code count} bad records, kinds in turn; record {@code i} is built around event time {@code
   * nowMs} (the future-time kind lies two hours after it, i.e. after its Kafka timestamp).
   */
  public static List<Outbound> records(String keyPrefix, int count, long nowMs) {
    return records(KINDS, keyPrefix, count, nowMs);
  }

  /** {@code count} bad records of {@code kinds}, in turn. */
  public static List<Outbound> records(List<Kind> kinds, String keyPrefix, int count, long nowMs) {
    List<Outbound> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Kind k = kinds.get(i % kinds.size());
      out.add(
          Outbound.malformed(keyPrefix + k.name() + "-" + i, k.bytes().apply(i, nowMs), k.name()));
    }
    return out;
  }

  /** Records of reason class {@code reasonClass} among {@code count} made by {@link #records}. */
  public static long expected(String reasonClass, int count) {
    return expected(KINDS, reasonClass, count);
  }

  /** The same for records of {@code kinds}. */
  public static long expected(List<Kind> kinds, String reasonClass, int count) {
    return kinds.stream()
        .filter(k -> k.reasonClass().equals(reasonClass))
        .mapToLong(k -> expected(kinds, k, count))
        .sum();
  }

  /** Records of {@code kind} among {@code count} made by {@link #records}. */
  public static long expected(Kind kind, int count) {
    return expected(KINDS, kind, count);
  }

  /** Records of {@code kind} among {@code count} records of {@code kinds}. */
  public static long expected(List<Kind> kinds, Kind kind, int count) {
    int index = kinds.indexOf(kind);
    return count / kinds.size() + (index < count % kinds.size() ? 1 : 0);
  }

  /** Records the streams app quarantines among {@code count} records of {@code kinds}. */
  public static long quarantined(List<Kind> kinds, int count) {
    return kinds.stream().filter(Kind::quarantined).mapToLong(k -> expected(kinds, k, count)).sum();
  }

  static RequestTiming valid(int i, long t) {
    return Traffic.timing(REQUEST_ID_PREFIX + i, t, i);
  }

  private static RequestTiming valid(int i, long t, double e2e, String region) {
    RequestTiming r = valid(i, t);
    r.setE2eMs(e2e);
    r.setRegion(region);
    return r;
  }

  static byte[] encode(RequestTiming t) {
    return Outbound.encode(t);
  }

  private static byte[] truncated(RequestTiming t) {
    byte[] full = encode(t);
    return Arrays.copyOf(full, full.length / 2);
  }

  /** A single-object header whose schema fingerprint no version of RequestTiming has. */
  private static byte[] foreignFingerprint(RequestTiming t) {
    byte[] b = encode(t);
    for (int j = 2; j < 10; j++) {
      b[j] = (byte) (b[j] ^ 0x5A);
    }
    return b;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
