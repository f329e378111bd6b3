package dev.r1lat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Each component's Kafka user on the secured stack is refused by the broker's StandardAuthorizer
 * beyond its own rights ({@link ComponentAcls}): writing a topic it only reads or does not own,
 * reading a topic it only writes, joining another component's group, a transactional id outside the
 * streams app's prefix, creating a topic. {@link ComponentAclsIT} shows the same users at work.
 */
class ComponentRefusalsIT {
  private static final Topics TOPICS = Topics.defaults();
  private static final String INPUT = TOPICS.requestTimings().name();

  @Test
  void shouldRefuseTheSinkWritingTheInputTopic() {
    assertThat(sendFailure(ComponentAcls.SINK, INPUT))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void shouldRefuseTheStreamsAppWritingTheSinksDeadLetterTopic() {
    assertThat(sendFailure(ComponentAcls.STREAMS, SinkSettings.DLQ_TOPIC.defaultValue()))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void shouldRefuseTheGatewayReadingTheInputTopic() {
    assertThat(fetchFailure(ComponentAcls.GATEWAY, INPUT))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void shouldRefuseTheAlertForwarderReadingTheInputTopic() {
    assertThat(fetchFailure(ComponentAcls.ALERTS, INPUT))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void shouldRefuseTheAlertForwarderJoiningTheSinksGroup() {
    var config = AclStack.client(ComponentAcls.ALERTS);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, SinkSettings.GROUP_ID.defaultValue());
    try (var consumer = consumer(config)) {
      // it may read the anomalies topic, but not as a member of the sink's group
      consumer.subscribe(List.of(TOPICS.latencyAnomalies().name()));
      assertThatThrownBy(() -> pollFor(consumer, Duration.ofSeconds(30)))
          .isInstanceOf(GroupAuthorizationException.class);
    }
  }

  @Test
  void shouldRefuseTheStreamsAppATransactionalIdOutsideItsApplicationId() {
    var config = AclStack.client(ComponentAcls.STREAMS);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "not-r1lat-streams-0");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (var producer = producer(config)) {
      assertThatThrownBy(producer::initTransactions)
          .isInstanceOf(TransactionalIdAuthorizationException.class);
    }
  }

  @Test
  void shouldRefuseTheSinkCreatingATopicOtherThanItsDeadLetterTopic() {
    try (Admin admin = Admin.create(AclStack.client(ComponentAcls.SINK))) {
      var created = admin.createTopics(List.of(new NewTopic("r1.not-the-sinks", 1, (short) 1)));
      assertThatThrownBy(() -> created.all().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void shouldNotStartTheSinkAsTheGatewaysUser() {
    // the gateway's user may not create (nor write) the sink's dead-letter topic
    var settings = AclStack.as(ComponentAcls.GATEWAY, Map.of());
    var clickhouse =
        ClickHouseSettings.from(settings, AclStack.get().endpoints().clickhouseHttpUrl());
    assertThatThrownBy(() -> SinkRuntime.start(SinkSettings.from(settings, "unused"), clickhouse))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SinkSettings.DLQ_TOPIC.defaultValue())
        .cause()
        .cause()
        .isInstanceOf(TopicAuthorizationException.class);
  }

  /** Why one record sent as {@code user} to {@code topic} is not acknowledged. */
  private static Throwable sendFailure(String user, String topic) {
    var config = AclStack.client(user);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    try (var producer = producer(config)) {
      var sent = producer.send(new ProducerRecord<>(topic, new byte[] {1}));
      return assertThatThrownBy(() -> sent.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .actual()
          .getCause();
    }
  }

  /** What reading {@code topic} from its start, without a group, throws as {@code user}. */
  private static Throwable fetchFailure(String user, String topic) {
    try (var consumer = consumer(AclStack.client(user))) {
      TopicPartition p0 = new TopicPartition(topic, 0);
      consumer.assign(List.of(p0));
      consumer.seekToBeginning(List.of(p0));
      return assertThatThrownBy(() -> pollFor(consumer, Duration.ofSeconds(30))).actual();
    }
  }

  private static void pollFor(KafkaConsumer<byte[], byte[]> consumer, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(500));
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> config) {
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
