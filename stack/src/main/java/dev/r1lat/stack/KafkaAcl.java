package dev.r1lat.stack;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One operation a Kafka user is allowed on one resource pattern (from any host). The same rule is a
 * binding for the broker's authorizer ({@link #binding}) and an entry of a Strimzi {@code
 * KafkaUser} ({@link #strimzi}), so the local stack and the manifests can be checked against one
 * list.
 */
public record KafkaAcl(
    ResourceType type, String name, PatternType pattern, AclOperation operation) {

  public static List<KafkaAcl> topic(String name, AclOperation... operations) {
    return of(ResourceType.TOPIC, name, PatternType.LITERAL, operations);
  }

  /** Every topic whose name starts with {@code prefix} (Kafka Streams' internal topics). */
  public static List<KafkaAcl> topicPrefix(String prefix, AclOperation... operations) {
    return of(ResourceType.TOPIC, prefix, PatternType.PREFIXED, operations);
  }

  public static List<KafkaAcl> group(String name, AclOperation... operations) {
    return of(ResourceType.GROUP, name, PatternType.LITERAL, operations);
  }

  public static List<KafkaAcl> transactionalIdPrefix(String prefix, AclOperation... operations) {
    return of(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, operations);
  }

  private static List<KafkaAcl> of(
      ResourceType type, String name, PatternType pattern, AclOperation... operations) {
    return Arrays.stream(operations).map(op -> new KafkaAcl(type, name, pattern, op)).toList();
  }

  /** The ALLOW binding of this rule for SCRAM user {@code user}. */
  public AclBinding binding(String user) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal(user), "*", operation, AclPermissionType.ALLOW));
  }

  public static String principal(String user) {
    return "User:" + user;
  }

  /**
   * {@code type:name:patternType:Operation} in a Strimzi {@code KafkaUser}'s words, e.g. {@code
   * topic:r1.request-timings:literal:Write}, {@code transactionalId:r1lat-streams:prefix:Write}.
   */
  public String strimzi() {
    String patternType = pattern == PatternType.PREFIXED ? "prefix" : "literal";
    String resource = camel(type.name());
    return Character.toLowerCase(resource.charAt(0))
        + resource.substring(1)
        + ":"
        + name
        + ":"
        + patternType
        + ":"
        + camel(operation.name());
  }

  /** DESCRIBE_CONFIGS -> DescribeConfigs. */
  private static String camel(String upperSnake) {
    StringBuilder out = new StringBuilder();
    for (String part : upperSnake.split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
