package dev.r1lat.cli;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import dev.r1lat.anomaly.alert.AlertSettings;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.stack.KafkaAcl;
import dev.r1lat.stack.KafkaUserAcls;
import dev.r1lat.streams.StreamsSettings;
import java.util.List;

/**
 * The Kafka rights of each component, derived from the settings it runs with (topic names, group
 * ids, application id): the one list behind both the secured local stack's ACLs and the Strimzi
 * {@code KafkaUser}s of {@code deploy/k8s} (checked by {@code OperatorResourcesTest}). Each user is
 * named like its KafkaUser.
 */
public final class ComponentAcls {
  public static final String GATEWAY = "r1lat-gateway";
  public static final String STREAMS = "r1lat-streams";
  public static final String SINK = "r1lat-sink";
  public static final String ALERTS = "r1lat-alerts-forward";

  /** The settings the rights depend on. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(
          IngestSettings.TOPIC,
          StreamsSettings.APPLICATION_ID,
          StreamsSettings.TOPIC_PREFIX,
          SinkSettings.GROUP_ID,
          SinkSettings.TOPIC_PREFIX,
          SinkSettings.DLQ_TOPIC,
          AlertSettings.TOPIC,
          AlertSettings.GROUP,
          AlertSettings.DLQ_TOPIC);

  private ComponentAcls() {}

  /** Every component's user, all from one set of settings (the local stack). */
  public static List<KafkaUserAcls> all(Settings s) {
    return List.of(gateway(s), streams(s), sink(s), alerts(s));
  }

  /** The gateway, publisher and simulator: write the input topic (idempotent: Write suffices). */
  public static KafkaUserAcls gateway(Settings s) {
    return KafkaUserAcls.of(GATEWAY, KafkaAcl.topic(s.get(IngestSettings.TOPIC), WRITE, DESCRIBE));
  }

  /**
   * The streams app: read the input (and its configs: the start-up check of its timestamp type),
   * write every output; it reads the statistics back for the detector. Its internal topics,
   * consumer group and transactional ids (exactly_once_v2) all start with its application id.
   */
  public static KafkaUserAcls streams(Settings s) {
    Topics t = Topics.withPrefix(s.get(StreamsSettings.TOPIC_PREFIX));
    String appId = s.get(StreamsSettings.APPLICATION_ID);
    return KafkaUserAcls.of(
        STREAMS,
        KafkaAcl.topic(t.requestTimings().name(), READ, DESCRIBE, DESCRIBE_CONFIGS),
        KafkaAcl.topic(t.latencyStats1m().name(), READ, WRITE, DESCRIBE),
        KafkaAcl.topic(t.latencyAnomalies().name(), WRITE, DESCRIBE),
        KafkaAcl.topic(t.requestTimingsDlq().name(), WRITE, DESCRIBE),
        KafkaAcl.topic(t.requestTimingsLate().name(), WRITE, DESCRIBE),
        KafkaAcl.topic(t.requestTimingsQuarantine().name(), WRITE, DESCRIBE),
        KafkaAcl.topicPrefix(appId, ALL),
        KafkaAcl.group(appId, READ, DESCRIBE),
        KafkaAcl.transactionalIdPrefix(appId, WRITE, DESCRIBE));
  }

  /**
   * The sink: read the three topics it stores, with its group; write its dead-letter topic (and
   * Create: it asks Kafka to create that topic at start and stops if refused, even when it exists).
   */
  public static KafkaUserAcls sink(Settings s) {
    Topics t = Topics.withPrefix(s.get(SinkSettings.TOPIC_PREFIX));
    String dlq = s.get(SinkSettings.TOPIC_PREFIX) + s.get(SinkSettings.DLQ_TOPIC);
    return KafkaUserAcls.of(
        SINK,
        KafkaAcl.topic(t.requestTimings().name(), READ, DESCRIBE),
        KafkaAcl.topic(t.latencyStats1m().name(), READ, DESCRIBE),
        KafkaAcl.topic(t.latencyAnomalies().name(), READ, DESCRIBE),
        KafkaAcl.group(s.get(SinkSettings.GROUP_ID), READ, DESCRIBE),
        KafkaAcl.topic(dlq, WRITE, DESCRIBE, CREATE));
  }

  /** The alert forwarder: read the anomalies with its group, write its dead-letter topic. */
  public static KafkaUserAcls alerts(Settings s) {
    return KafkaUserAcls.of(
        ALERTS,
        KafkaAcl.topic(s.get(AlertSettings.TOPIC), READ, DESCRIBE),
        KafkaAcl.group(s.get(AlertSettings.GROUP), READ, DESCRIBE),
        KafkaAcl.topic(s.get(AlertSettings.DLQ_TOPIC), WRITE, DESCRIBE));
  }
}
