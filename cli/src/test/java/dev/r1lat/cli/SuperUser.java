package dev.r1lat.cli;

import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.stack.KafkaAcl;
import dev.r1lat.stack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the tests look at as the secured stack's all-rights user ({@code r1lat}, a super user). */
final class SuperUser {
  private SuperUser() {}

  static Map<String, Object> config(LocalStack stack) {
    return new HashMap<>(
        KafkaClientConfigs.base(
            stack.endpoints().kafkaBootstrap(), stack.security().kafkaClientSettings()));
  }

  /** Committed records in a topic (0 when it does not exist); transaction markers not counted. */
  static long records(LocalStack stack, String topic) {
    return values(stack, topic).size();
  }

  /** The values of a topic's committed records, none when it does not exist (yet). */
  static List<byte[]> values(LocalStack stack, String topic) {
    Map<String, Object> c = config(stack);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<byte[]> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        return out;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
      return out;
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return out; // a topic not created yet
    }
  }

  static void createTopic(LocalStack stack, String topic) {
    try (Admin admin = Admin.create(config(stack))) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create " + topic, e);
    }
  }

  /** Grants {@code user} Write on {@code topic} beside its declared ACLs. */
  static void grantWrite(LocalStack stack, String user, String topic) throws Exception {
    try (Admin admin = Admin.create(config(stack))) {
      admin
          .createAcls(List.of(KafkaAcl.topic(topic, AclOperation.WRITE).get(0).binding(user)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** Every ACL binding the broker holds for {@code user}. */
  static Collection<AclBinding> bindingsOf(LocalStack stack, String user) throws Exception {
    try (Admin admin = Admin.create(config(stack))) {
      return admin
          .describeAcls(
              new AclBindingFilter(
                  ResourcePatternFilter.ANY,
                  new AccessControlEntryFilter(
                      KafkaAcl.principal(user), null, AclOperation.ANY, AclPermissionType.ANY)))
          .values()
          .get(30, TimeUnit.SECONDS);
    }
  }

  static void await(String what, Duration max, BooleanSupplier done, Supplier<String> progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + ": " + progress.get());
      }
      Thread.sleep(500);
    }
  }
}
