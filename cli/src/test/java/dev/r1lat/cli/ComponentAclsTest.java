package dev.r1lat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentAclsTest {
  @Test
  void shouldFollowEachComponentsTopicGroupAndApplicationIdSettings() {
    Settings s =
        Settings.load(
            ComponentAcls.KEYS,
            null,
            Map.of(),
            Map.of(
                "topics.prefix", "t.",
                "streams.application-id", "app",
                "sink.topic-prefix", "t.",
                "sink.group-id", "g",
                "ingest.topic", "in"));
    assertThat(ComponentAcls.gateway(s).strimzi())
        .containsExactly("topic:in:literal:Describe", "topic:in:literal:Write");
    assertThat(ComponentAcls.streams(s).strimzi())
        .contains(
            "topic:t.r1.request-timings:literal:Read",
            "topic:t.r1.latency-stats-1m:literal:Read",
            "topic:t.r1.latency-stats-1m:literal:Write",
            "topic:app:prefix:All",
            "group:app:literal:Read",
            "transactionalId:app:prefix:Write")
        .noneMatch(acl -> acl.contains("r1lat-streams"));
    assertThat(ComponentAcls.sink(s).strimzi())
        .contains(
            "topic:t.r1.latency-anomalies:literal:Read",
            "group:g:literal:Read",
            "topic:t.r1.sink.dlq:literal:Create")
        .noneMatch(acl -> acl.contains(":Write") && !acl.contains("dlq"));
    assertThat(ComponentAcls.all(s)).hasSize(4);
  }
}
