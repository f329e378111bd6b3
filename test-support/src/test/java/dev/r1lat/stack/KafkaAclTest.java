package dev.r1lat.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaAclTest {
  @TempDir Path tmp;

  @Test
  void shouldSpellEachRuleAsAStrimziKafkaUserDoes() {
    KafkaUserAcls user =
        KafkaUserAcls.of(
            "r1lat-streams",
            KafkaAcl.topic("r1.request-timings", AclOperation.READ, AclOperation.DESCRIBE_CONFIGS),
            KafkaAcl.topicPrefix("r1lat-streams", AclOperation.ALL),
            KafkaAcl.group("r1lat-streams", AclOperation.READ),
            KafkaAcl.transactionalIdPrefix("r1lat-streams", AclOperation.WRITE));
    assertThat(user.strimzi())
        .containsExactly(
            "group:r1lat-streams:literal:Read",
            "topic:r1.request-timings:literal:DescribeConfigs",
            "topic:r1.request-timings:literal:Read",
            "topic:r1lat-streams:prefix:All",
            "transactionalId:r1lat-streams:prefix:Write");
  }

  @Test
  void shouldBindEachRuleToItsUserAsAnAllowFromAnyHost() {
    var binding =
        KafkaAcl.transactionalIdPrefix("app", AclOperation.DESCRIBE).get(0).binding("r1lat-x");
    assertThat(binding.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
    assertThat(binding.pattern().name()).isEqualTo("app");
    assertThat(binding.entry().principal()).isEqualTo("User:r1lat-x");
    assertThat(binding.entry().host()).isEqualTo("*");
    assertThat(binding.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
    assertThat(binding.entry().operation()).isEqualTo(AclOperation.DESCRIBE);
  }

  @Test
  void shouldAuthorizeWithTheStandardAuthorizerAndOnlyTheStacksOwnSuperUsers() {
    var broker = new SecureKafkaConfig(new StackCredentials(tmp)).brokerProperties(19092, 19093);
    assertThat(broker)
        .containsEntry(
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        .containsEntry("allow.everyone.if.no.acl.found", "false");
    assertThat(List.of(broker.get("super.users").split(";")))
        .containsExactlyInAnyOrder("User:admin", "User:controller", "User:r1lat");
  }
}
