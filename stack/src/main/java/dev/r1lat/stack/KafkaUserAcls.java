package dev.r1lat.stack;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Kafka user of one component and exactly the operations it is allowed: what a Strimzi {@code
 * KafkaUser} declares, and what the secured local stack creates (a SCRAM-SHA-512 user with a
 * generated password, and these ACLs under the broker's {@code StandardAuthorizer}).
 */
public record KafkaUserAcls(String user, Set<KafkaAcl> acls) {
  public KafkaUserAcls {
    acls = Set.copyOf(acls);
  }

  @SafeVarargs
  public static KafkaUserAcls of(String user, Collection<KafkaAcl>... parts) {
    Set<KafkaAcl> all = new LinkedHashSet<>();
    for (Collection<KafkaAcl> part : parts) {
      all.addAll(part);
    }
    return new KafkaUserAcls(user, all);
  }

  /** The rules in Strimzi's words ({@link KafkaAcl#strimzi}), sorted. */
  public Set<String> strimzi() {
    Set<String> out = new TreeSet<>();
    acls.forEach(a -> out.add(a.strimzi()));
    return out;
  }

  /** The ALLOW bindings for the authorizer. */
  public List<org.apache.kafka.common.acl.AclBinding> bindings() {
    return acls.stream().map(a -> a.binding(user)).toList();
  }
}
