package dev.r1lat.stack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;

/**
 * Brings the secured broker's component users to the declared state, as Strimzi's User Operator
 * does for {@code KafkaUser}s: each user's SCRAM-SHA-512 credential holds its generated password,
 * and its ACLs are exactly the declared ones (missing ones created, others deleted), so a stack
 * restarted with other settings does not keep rights from before. The broker's super users (the
 * admin, the controller and the all-rights app user) need no ACLs.
 */
final class KafkaAccessControl {
  /** Kafka's minimum for SCRAM-SHA-512, as the storage tool uses for the users it creates. */
  private static final int ITERATIONS = 4096;

  private KafkaAccessControl() {}

  static void apply(
      Map<String, Object> adminConfig, Collection<KafkaUserAcls> users, SecureKafkaConfig kafka) {
    if (users.isEmpty()) {
      return;
    }
    try (Admin admin = Admin.create(adminConfig)) {
      List<UserScramCredentialAlteration> credentials = new ArrayList<>();
      for (KafkaUserAcls u : users) {
        credentials.add(
            new UserScramCredentialUpsertion(
                u.user(),
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                kafka.kafkaPassword(u.user())));
      }
      admin.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
      List<AclBinding> create = new ArrayList<>();
      List<AclBindingFilter> delete = new ArrayList<>();
      for (KafkaUserAcls u : users) {
        Set<AclBinding> wanted = new HashSet<>(u.bindings());
        for (AclBinding existing : existing(admin, u.user())) {
          if (!wanted.remove(existing)) {
            delete.add(existing.toFilter());
          }
        }
        create.addAll(wanted);
      }
      if (!delete.isEmpty()) {
        admin.deleteAcls(delete).all().get(30, TimeUnit.SECONDS);
      }
      if (!create.isEmpty()) {
        admin.createAcls(create).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      throw new StackException(
          "cannot create the Kafka users and ACLs: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new StackException("Kafka did not create the users and ACLs in 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }

  private static Collection<AclBinding> existing(Admin admin, String user)
      throws ExecutionException, InterruptedException, TimeoutException {
    AclBindingFilter ofUser =
        new AclBindingFilter(
            ResourcePatternFilter.ANY,
            new AccessControlEntryFilter(
                KafkaAcl.principal(user), null, AclOperation.ANY, AclPermissionType.ANY));
    return admin.describeAcls(ofUser).values().get(30, TimeUnit.SECONDS);
  }
}
