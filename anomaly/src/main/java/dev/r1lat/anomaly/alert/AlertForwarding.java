package dev.r1lat.anomaly.alert;

import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.Topics;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code alerts forward} from settings: the Kafka clients (from {@code kafka.bootstrap-servers} and
 * every {@code kafka.*} setting, like every other process), the alerts dead-letter topic, the
 * receiver, and the forwarder.
 */
public final class AlertForwarding {
  /** Alertmanager's API, or a plain webhook receiver. */
  public enum Mode {
    ALERTMANAGER,
    WEBHOOK
  }

  /** Where to post: for Alertmanager its base URL (or the full {@code /api/v2/alerts} URL). */
  public record Target(Mode mode, URI url) {
    public URI postUrl() {
      if (mode == Mode.WEBHOOK || url.getPath().endsWith("/api/v2/alerts")) {
        return url;
      }
      String base = url.toString().replaceAll("/+$", "");
      return URI.create(base + "/api/v2/alerts");
    }
  }

  private AlertForwarding() {}

  /** Runs the forwarder until {@code stop} is set; returns what it did. */
  public static AlertForwarder.Stats run(
      Settings s,
      Target target,
      SqlLink sqlLink,
      AnomalyFilter filter,
      AtomicBoolean stop,
      Consumer<String> log) {
    String dlqTopic = s.get(AlertSettings.DLQ_TOPIC);
    ensureDeadLetterTopic(KafkaClientConfigs.base(s), dlqTopic, log);
    AlertFormat format =
        target.mode() == Mode.ALERTMANAGER
            ? new AlertmanagerApiFormat(
                sqlLink, s.get(AlertSettings.REPOST_INTERVAL).multipliedBy(4))
            : new WebhookFormat(s.get(AlertSettings.RECEIVER));
    AlertForwarder.Options options =
        new AlertForwarder.Options(
            s.get(AlertSettings.TOPIC),
            s.get(AlertSettings.INITIAL_BACKOFF),
            s.get(AlertSettings.MAX_BACKOFF),
            target.mode() == Mode.ALERTMANAGER
                ? s.get(AlertSettings.REPOST_INTERVAL)
                : java.time.Duration.ZERO,
            filter);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(s));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(s))) {
      AlertForwarder forwarder =
          new AlertForwarder(
              consumer,
              new HttpWebhookSender(target.postUrl(), s.get(AlertSettings.TIMEOUT)),
              format,
              AlertDeadLetters.kafka(producer, dlqTopic),
              options,
              log,
              Clock.systemUTC());
      return forwarder.run(stop);
    }
  }

  /** The consumer: the shared Kafka settings, then what the forwarder's correctness needs. */
  public static Map<String, Object> consumerConfig(Settings s) {
    Map<String, Object> c = KafkaClientConfigs.base(s);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, s.get(AlertSettings.GROUP));
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // the streams app writes with exactly_once_v2: never alert on an aborted record
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return c;
  }

  /** The dead-letter producer: acknowledged by every in-sync replica before an offset moves. */
  public static Map<String, Object> producerConfig(Settings s) {
    Map<String, Object> p = KafkaClientConfigs.base(s);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /**
   * Creates the dead-letter topic if it is missing (30 days, like the other dead-letter topics).
   * Where the principal may not create topics it must exist beforehand; a failure is logged and the
   * first dead letter then waits (retried) until it does.
   */
  static void ensureDeadLetterTopic(
      Map<String, Object> adminConfig, String topic, Consumer<String> log) {
    try (Admin admin = Admin.create(adminConfig)) {
      NewTopic t =
          new NewTopic(topic, Optional.of(Topics.DEFAULT_PARTITIONS), Optional.empty())
              .configs(Map.of("retention.ms", "2592000000"));
      admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
      log.accept("created dead-letter topic " + topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        log.accept("cannot create dead-letter topic " + topic + ": " + e.getCause().getMessage());
      }
    } catch (TimeoutException e) {
      log.accept("cannot create dead-letter topic " + topic + ": no answer within 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
