package dev.r1lat.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Broker and client settings of the SASL_SSL local broker. One KRaft node plays broker and
 * controller, so three connections need credentials: clients and the broker's own inter-broker
 * traffic (transaction markers reach the partition leader that way, even on one node) use the
 * {@code SASL_SSL} listener with SCRAM-SHA-512; the broker side of the node reaches its controller
 * over the {@code CONTROLLER} listener, also SASL_SSL but with PLAIN, because SCRAM credentials
 * live in the metadata log the controller itself serves and so cannot authenticate access to it.
 *
 * <p>KRaft's {@code StandardAuthorizer} checks every request against the ACLs kept in the metadata
 * log. The broker's own identities ({@code admin}, {@code controller}) and the stack's all-rights
 * application user ({@code r1lat}) are super users; every other user holds only the ACLs {@link
 * KafkaAccessControl} gives it, and a request beyond them is refused.
 */
final class SecureKafkaConfig {
  static final String MECHANISM = "SCRAM-SHA-512";
  static final String LISTENER = "SASL_SSL";
  static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

  /** Users the authorizer lets do anything: the broker's own and the all-rights app user. */
  static final List<String> SUPER_USERS =
      List.of(
          StackCredentials.KAFKA_ADMIN,
          StackCredentials.KAFKA_CONTROLLER,
          StackCredentials.KAFKA_APP);

  private static final String SCRAM_MODULE =
      "org.apache.kafka.common.security.scram.ScramLoginModule";
  private static final String PLAIN_MODULE =
      "org.apache.kafka.common.security.plain.PlainLoginModule";

  private final StackCredentials credentials;
  private final KafkaTls tls;

  SecureKafkaConfig(StackCredentials credentials) {
    this.credentials = credentials;
    this.tls = new KafkaTls(credentials.securityDir(), credentials.tlsStores());
  }

  KafkaTls tls() {
    return tls;
  }

  /** server.properties entries replacing the PLAINTEXT listeners. */
  Map<String, String> brokerProperties(int port, int controllerPort) {
    String controllerPassword = credentials.kafka(StackCredentials.KAFKA_CONTROLLER);
    Map<String, String> p = new LinkedHashMap<>();
    p.put(
        "listeners",
        LISTENER + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", LISTENER + "://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", LISTENER + ":SASL_SSL,CONTROLLER:SASL_SSL");
    p.put("inter.broker.listener.name", LISTENER);
    p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("sasl.enabled.mechanisms", MECHANISM);
    p.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", MECHANISM);
    p.put(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        jaas(
            SCRAM_MODULE,
            StackCredentials.KAFKA_ADMIN,
            kafkaPassword(StackCredentials.KAFKA_ADMIN)));
    p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    p.put(
        "listener.name.controller.plain.sasl.jaas.config",
        PLAIN_MODULE
            + " required username=\""
            + StackCredentials.KAFKA_CONTROLLER
            + "\" password=\""
            + controllerPassword
            + "\" user_"
            + StackCredentials.KAFKA_CONTROLLER
            + "=\""
            + controllerPassword
            + "\";");
    p.put("ssl.keystore.location", tls.keystore().toString());
    p.put("ssl.keystore.type", KafkaTls.STORE_TYPE);
    p.put("ssl.keystore.password", tls.storePassword());
    p.put("ssl.key.password", tls.storePassword());
    p.put("ssl.truststore.location", tls.truststore().toString());
    p.put("ssl.truststore.type", KafkaTls.STORE_TYPE);
    p.put("ssl.truststore.password", tls.storePassword());
    p.put("ssl.client.auth", "none");
    p.put("authorizer.class.name", AUTHORIZER);
    p.put("super.users", String.join(";", SUPER_USERS.stream().map(KafkaAcl::principal).toList()));
    // a resource without ACLs is closed to everyone but the super users
    p.put("allow.everyone.if.no.acl.found", "false");
    return p;
  }

  /** {@code SCRAM-SHA-512=[name=...,password=...]} for every SCRAM user, made at format time. */
  List<String> scramUsers() {
    return List.of(StackCredentials.KAFKA_ADMIN, StackCredentials.KAFKA_APP).stream()
        .map(u -> MECHANISM + "=[name=" + u + ",password=" + kafkaPassword(u) + "]")
        .toList();
  }

  /** Raw client properties (no prefix) for a SCRAM user, trusting the local CA. */
  Map<String, String> clientProperties(String user, String password) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", jaas(SCRAM_MODULE, user, password));
    p.put("ssl.truststore.location", tls.truststore().toString());
    p.put("ssl.truststore.type", KafkaTls.STORE_TYPE);
    p.put("ssl.truststore.password", tls.storePassword());
    return p;
  }

  String kafkaPassword(String user) {
    return credentials.kafka(user);
  }

  static String jaas(String module, String user, String password) {
    return module + " required username=\"" + user + "\" password=\"" + password + "\";";
  }
}
