package dev.r1lat.cli;

import dev.r1lat.anomaly.alert.AlertSettings;
import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.junit.SecureTestStack;
import java.util.HashMap;
import java.util.Map;

/**
 * One secured stack per test JVM for the ACL tests, started on first use with a user per component
 * ({@link ComponentAcls} of the default settings); its services halt with the JVM.
 */
final class AclStack {
  private static LocalStack stack;

  private AclStack() {}

  static synchronized LocalStack get() {
    if (stack == null) {
      stack =
          SecureTestStack.start(
              Topics.defaults(), ComponentAcls.all(Settings.defaults(ConfigOptions.ALL_KEYS)));
      // the forwarder may not create its dead-letter topic: it exists beforehand, as the
      // KafkaTopic of deploy/k8s makes it
      SuperUser.createTopic(stack, AlertSettings.DLQ_TOPIC.defaultValue());
    }
    return stack;
  }

  /**
   * The settings ./r1lat would load for a component: {@code --config
   * STATE/security/kafka-USER.properties} (that Kafka user only) and these flags.
   */
  static Settings as(String kafkaUser, Map<String, String> extra) {
    Map<String, String> flags = new HashMap<>(extra);
    flags.put("streams.idle-advance", "3s");
    flags.put("streams.grace", "2s");
    flags.put("streams.metrics-port", "0");
    flags.put("sink.metrics-port", "0");
    flags.put("clickhouse.url", get().endpoints().clickhouseHttpUrl());
    return Settings.load(
        ConfigOptions.ALL_KEYS, get().security().clientConfigFile(kafkaUser), Map.of(), flags);
  }

  /** Raw Kafka client settings of a component's user, as its process builds them. */
  static Map<String, Object> client(String kafkaUser) {
    return new HashMap<>(KafkaClientConfigs.base(as(kafkaUser, Map.of())));
  }
}
