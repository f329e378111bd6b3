package dev.r1lat.anomaly.alert;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Where an anomaly event goes that the receiver refused for good (a 4xx) or that cannot be decoded:
 * the alerts dead-letter topic ({@code alerts.forward.dlq-topic}), the event's bytes as read and
 * its key, the reason, the receiver's HTTP status and response body and the source coordinates in
 * headers (the names the sink's dead letters use, plus the HTTP ones). {@link #send} returns only
 * once the broker acknowledged it, so the forwarder commits past the event only then.
 */
public interface AlertDeadLetters {
  String REASON = "r1lat.dlq.reason";
  String SOURCE_TOPIC = "r1lat.dlq.source-topic";
  String SOURCE_PARTITION = "r1lat.dlq.source-partition";
  String SOURCE_OFFSET = "r1lat.dlq.source-offset";
  String STAGE = "r1lat.dlq.stage";
  String RECEIVER = "r1lat.dlq.receiver";
  String HTTP_STATUS = "r1lat.dlq.http-status";
  String HTTP_BODY = "r1lat.dlq.http-body";

  /** Blocks until acknowledged; throws if it was not (the caller retries, never skips). */
  void send(ConsumerRecord<String, byte[]> event, Refusal refusal) throws Exception;

  /** Why: a reason, and the receiver's answer when there was one (status 0: none). */
  record Refusal(String reason, String receiver, int status, String body) {}

  static Headers headers(ConsumerRecord<String, byte[]> event, Refusal refusal) {
    RecordHeaders h = new RecordHeaders();
    event.headers().forEach(h::add);
    h.add(REASON, utf8(refusal.reason()));
    h.add(SOURCE_TOPIC, utf8(event.topic()));
    h.add(SOURCE_PARTITION, utf8(Integer.toString(event.partition())));
    h.add(SOURCE_OFFSET, utf8(Long.toString(event.offset())));
    h.add(STAGE, utf8("alerts-forward"));
    h.add(RECEIVER, utf8(refusal.receiver()));
    if (refusal.status() > 0) {
      h.add(HTTP_STATUS, utf8(Integer.toString(refusal.status())));
      h.add(HTTP_BODY, utf8(refusal.body()));
    }
    return h;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** To a Kafka topic; the producer (acks=all) is owned by the caller. */
  static AlertDeadLetters kafka(Producer<String, byte[]> producer, String topic) {
    return (event, refusal) ->
        producer
            .send(
                new ProducerRecord<>(
                    topic, null, event.key(), event.value(), headers(event, refusal)))
            .get(60, TimeUnit.SECONDS);
  }
}
