package dev.r1lat.stack.junit;

import dev.r1lat.schema.Topics;
import dev.r1lat.stack.KafkaUserAcls;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.StackSettings;
import java.util.List;

/**
 * A secured local stack for integration tests: Kafka on SASL_SSL with SCRAM-SHA-512 users and a
 * generated CA, ClickHouse with password-protected users and the r1lat roles. Free ports, a fresh
 * state folder under {@code target/}; the services halt with the test JVM even if it is killed.
 * Tests take client settings and passwords from {@link LocalStack#security()}. The broker runs
 * KRaft's {@code StandardAuthorizer}; its app user {@code r1lat} is a super user, and component
 * users given to {@link #start(Topics, List)} hold only their ACLs.
 */
public final class SecureTestStack {
  private SecureTestStack() {}

  /** Starts one; the caller stops it (the services also halt when this JVM exits). */
  public static LocalStack start(Topics topics) {
    return start(topics, List.of());
  }

  /** The same with component users, each created with exactly its ACLs. */
  public static LocalStack start(Topics topics, List<KafkaUserAcls> kafkaUsers) {
    StackSettings settings =
        RealStackExtension.settingsForTests().withSecurity(StackSettings.SASL_SSL, true);
    LocalStack stack =
        new LocalStack(
            settings,
            topics,
            ProcessHandle.current().pid(),
            line -> System.out.println("[r1lat secure] " + line),
            kafkaUsers);
    stack.start();
    return stack;
  }
}
