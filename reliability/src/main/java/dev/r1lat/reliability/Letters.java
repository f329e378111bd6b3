package dev.r1lat.reliability;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Records one topic of rejected input holds (the streams app's dead-letter or quarantine topic, the
 * sink's dead-letter topic), one letter per input record. A letter is identified by the input
 * record it stands for (its key and, when the headers have them, its source coordinates), so a
 * letter written twice for one input record counts as a duplicate, while two input records with one
 * request id (a retry) are two letters. Not thread-safe: the collector guards it.
 */
public final class Letters {
  /** A rejected input record as the scenario sees it. */
  public record Letter(String key, String kind, String reason, String source) {}

  private final String reasonHeader;
  private final List<String> sourceHeaders;
  private final Map<String, Letter> byIdentity = new HashMap<>();
  private long records;

  /**
   * @param reasonHeader the header with the reason
   * @param sourceHeaders headers that together name the input record (topic, partition, offset)
   */
  Letters(String reasonHeader, List<String> sourceHeaders) {
    this.reasonHeader = reasonHeader;
    this.sourceHeaders = List.copyOf(sourceHeaders);
  }

  /** The streams app's headers: {@code r1lat.reason}, {@code r1lat.source} (topic/p@offset). */
  static Letters streams() {
    return new Letters("r1lat.reason", List.of("r1lat.source"));
  }

  /** The sink's headers ({@code DeadLetters}): reason, source topic, partition and offset. */
  static Letters sink() {
    return new Letters(
        "r1lat.dlq.reason",
        List.of("r1lat.dlq.source-topic", "r1lat.dlq.source-partition", "r1lat.dlq.source-offset"));
  }

  void accept(ConsumerRecord<byte[], byte[]> r) {
    records++;
    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    StringBuilder source = new StringBuilder();
    for (String h : sourceHeaders) {
      String v = header(r, h);
      if (v != null) {
        source.append(source.length() == 0 ? "" : "/").append(v);
      }
    }
    String src = source.length() == 0 ? null : source.toString();
    Letter letter = new Letter(key, header(r, Outbound.KIND_HEADER), header(r, reasonHeader), src);
    // key and source: a replayed letter repeats both; a retried request repeats only the key
    byIdentity.put(key + "|" + Objects.requireNonNullElse(src, ""), letter);
  }

  public long records() {
    return records;
  }

  /** Letters read more than once for the same input record. */
  public long duplicates() {
    return records - byIdentity.size();
  }

  public List<Letter> letters() {
    return List.copyOf(byIdentity.values());
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
