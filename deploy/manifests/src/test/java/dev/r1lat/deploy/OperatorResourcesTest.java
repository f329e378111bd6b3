package dev.r1lat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.alert.AlertSettings;
import dev.r1lat.cli.ComponentAcls;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.TopicSpec;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.SinkSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The Strimzi and Altinity resources against the code: a KafkaTopic for every topic the code
 * writes, replicated 3 / 2 with the code's retention; each KafkaUser holding exactly the ACLs its
 * component needs (names from the code's settings); each ClickHouse user holding exactly its role.
 */
class OperatorResourcesTest {
  static final List<String> OVERLAYS = Rendered.OVERLAYS;
  private static final Topics TOPICS = Topics.defaults();

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldDeclareEveryTopicReplicatedWithTheCodesRetention(String overlay) {
    Map<String, Map<String, String>> expected = new HashMap<>();
    for (TopicSpec<?, ?> t : TOPICS.all()) {
      expected.put(t.name(), t.configs());
    }
    expected.put(SinkSettings.DLQ_TOPIC.defaultValue(), Map.of("retention.ms", "2592000000"));
    expected.put(AlertSettings.DLQ_TOPIC.defaultValue(), Map.of("retention.ms", "2592000000"));
    List<Map<String, Object>> topics = Rendered.overlay(overlay).ofKind("KafkaTopic");
    assertThat(topics)
        .extracting(t -> Yamls.str(t, "spec.topicName"))
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map<String, Object> t : topics) {
      String name = Yamls.str(t, "spec.topicName");
      Map<String, Object> config = Yamls.map(t, "spec.config");
      assertThat(Yamls.at(t, "spec.replicas")).as(name).isEqualTo(3);
      assertThat(config).as(name).containsEntry("min.insync.replicas", "2");
      assertThat(config).as(name).containsEntry("cleanup.policy", "delete");
      assertThat((Integer) Yamls.at(t, "spec.partitions"))
          .as(name)
          .isGreaterThanOrEqualTo(Topics.DEFAULT_PARTITIONS);
      expected.get(name).forEach((k, v) -> assertThat(config).as(name).containsEntry(k, v));
      assertThat(Yamls.map(t, "metadata.labels"))
          .containsEntry("strimzi.io/cluster", "r1lat-kafka");
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldGiveEachComponentsKafkaUserExactlyItsAcls(String overlay) {
    Rendered r = Rendered.overlay(overlay);
    Map<String, Containers.Container> pods = ManifestSettingsTest.byWorkload(overlay);
    // the same derivation the secured local stack creates its ACLs from, fed each pod's settings
    Map<String, Set<String>> expected =
        Map.of(
            ComponentAcls.GATEWAY,
            ComponentAcls.gateway(settings(pods.get("r1lat-gateway"))).strimzi(),
            ComponentAcls.STREAMS,
            ComponentAcls.streams(settings(pods.get("r1lat-streams"))).strimzi(),
            ComponentAcls.SINK,
            ComponentAcls.sink(settings(pods.get("r1lat-sink"))).strimzi(),
            ComponentAcls.ALERTS,
            ComponentAcls.alerts(settings(pods.get("r1lat-alerts-forward"))).strimzi());
    Map<String, Set<String>> actual = new HashMap<>();
    for (Map<String, Object> user : r.ofKind("KafkaUser")) {
      String name = Yamls.str(user, "metadata.name");
      Set<String> acls = new TreeSet<>();
      for (Map<String, Object> acl : Yamls.list(user, "spec.authorization.acls")) {
        for (String op : Yamls.strings(acl, "operations")) {
          acls.add(
              Yamls.str(acl, "resource.type")
                  + ":"
                  + Yamls.str(acl, "resource.name")
                  + ":"
                  + Yamls.str(acl, "resource.patternType")
                  + ":"
                  + op);
        }
      }
      actual.put(name, acls);
      // the password the operator sets is the one in the Secret this component alone mounts
      assertThat(Yamls.str(user, "spec.authentication.password.valueFrom.secretKeyRef.name"))
          .isEqualTo(name + "-secrets");
      assertThat(Yamls.str(user, "spec.authentication.type")).isEqualTo("scram-sha-512");
    }
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldGiveEachClickHouseUserOnlyItsRole(String overlay) throws IOException {
    Map<String, Object> chi = Rendered.overlay(overlay).ofKind("ClickHouseInstallation").get(0);
    Map<String, Object> users = Yamls.map(chi, "spec.configuration.users");
    assertThat(users).containsEntry("migrate/access_management", 1);
    assertThat(users).containsEntry("sink/grants/query", List.of("GRANT r1lat_writer"));
    assertThat(users).containsEntry("grafana/grants/query", List.of("GRANT r1lat_analyst"));
    assertThat(users.keySet())
        .filteredOn(k -> k.endsWith("/access_management"))
        .containsExactly("migrate/access_management");
    for (String user : List.of("migrate", "sink", "grafana")) {
      assertThat(users)
          .containsEntry(
              user + "/k8s_secret_password", "r1lat-" + user + "-secrets/clickhouse-password");
    }
    // the roles declared for the operator grant what sql/V007__roles.sql grants
    String roles = Yamls.str(chi, "spec.configuration.files.users\\.d/r1lat-roles\\.xml");
    if (roles == null) {
      roles =
          String.valueOf(Yamls.map(chi, "spec.configuration.files").get("users.d/r1lat-roles.xml"));
    }
    String v007 = Files.readString(Rendered.k8sDir().resolve("../../sql/V007__roles.sql"));
    Matcher grant =
        Pattern.compile("GRANT \\$\\{ON_CLUSTER} (.+) ON \\$\\{DB}\\.\\* TO (r1lat_\\w+);")
            .matcher(v007);
    int roleCount = 0;
    while (grant.find()) {
      roleCount++;
      assertThat(roles)
          .contains(
              "<"
                  + grant.group(2)
                  + "><grants><query>GRANT "
                  + grant.group(1)
                  + " ON r1lat.*</query>");
    }
    assertThat(roleCount).isEqualTo(2);
    Map<String, Containers.Container> pods = ManifestSettingsTest.byWorkload(overlay);
    assertThat(pods.get("r1lat-migrate").env()).containsEntry("R1LAT_MIGRATE_ROLES", "off");
  }

  /** The settings {@link ComponentAcls} reads, as the container's environment sets them. */
  private static Settings settings(Containers.Container c) {
    Map<String, String> env = new HashMap<>();
    for (ConfigKey<?> key : ComponentAcls.KEYS) {
      String value = c.env().get(key.envName());
      if (value != null) {
        env.put(key.envName(), value);
      }
    }
    return Settings.load(ComponentAcls.KEYS, null, env, Map.of());
  }
}
