package dev.r1lat.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Where poison records go: the dead-letter topic, bytes as received, the reason and the source
 * coordinates in headers. A dead letter is data: {@link #send} hands back the acknowledgement, and
 * the sink waits for it (resending on failure) before it commits the offsets that cover the record.
 * At-least-once: a record replayed after a crash, or resent after a failed acknowledgement, may be
 * dead-lettered twice; the source headers identify duplicates.
 */
public interface DeadLetters {
  String REASON = "r1lat.dlq.reason";
  String SOURCE_TOPIC = "r1lat.dlq.source-topic";
  String SOURCE_PARTITION = "r1lat.dlq.source-partition";
  String SOURCE_OFFSET = "r1lat.dlq.source-offset";
  String STAGE = "r1lat.dlq.stage";

  /**
   * Sends one dead letter. The future completes when the broker acknowledged it and completes
   * exceptionally when the send failed (never throws itself).
   */
  CompletableFuture<Void> send(ConsumerRecord<byte[], byte[]> record, String reason);

  static Headers headers(ConsumerRecord<byte[], byte[]> record, String reason) {
    RecordHeaders h = new RecordHeaders();
    record.headers().forEach(h::add);
    h.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
    h.add(SOURCE_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
    h.add(SOURCE_PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
    h.add(SOURCE_OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
    h.add(STAGE, "sink".getBytes(StandardCharsets.UTF_8));
    return h;
  }

  /** Kafka implementation; the producer is owned (closed) by the caller. */
  static DeadLetters kafka(Producer<byte[], byte[]> producer, String topic) {
    return new DeadLetters() {
      @Override
      public CompletableFuture<Void> send(ConsumerRecord<byte[], byte[]> record, String reason) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
          producer.send(
              new ProducerRecord<>(
                  topic, null, record.key(), record.value(), headers(record, reason)),
              (metadata, e) -> {
                if (e == null) {
                  acked.complete(null);
                } else {
                  acked.completeExceptionally(e);
                }
              });
        } catch (RuntimeException e) {
          acked.completeExceptionally(e); // e.g. metadata not available within max.block.ms
        }
        return acked;
      }
    };
  }

  /** In-memory, for unit tests. */
  final class Collected implements DeadLetters {
    public record Letter(String topic, int partition, long offset, String reason) {}

    private final List<Letter> letters = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Void> send(
        ConsumerRecord<byte[], byte[]> record, String reason) {
      letters.add(new Letter(record.topic(), record.partition(), record.offset(), reason));
      return CompletableFuture.completedFuture(null);
    }

    public synchronized List<Letter> letters() {
      return List.copyOf(letters);
    }
  }
}
