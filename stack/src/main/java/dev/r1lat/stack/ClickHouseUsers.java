package dev.r1lat.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Password-protected users for the local ClickHouse, with the SQL roles of {@code
 * sql/V007__roles.sql}. clickhouse-local (what libchdb runs) has only one access storage, the
 * read-only users.xml one: it never sets up {@code <user_directories><local_directory>}, so {@code
 * CREATE ROLE} fails there (ACCESS_STORAGE_FOR_INSERTION_NOT_FOUND, or ACCESS_STORAGE_READONLY).
 * The same roles and grants are therefore declared in a users.xml that the stack writes into the
 * state dir; ClickHouse enforces them exactly as it would SQL-created ones. Passwords are stored as
 * SHA-256 hashes.
 *
 * <p>clickhouse-local logs its own session in as {@code default} with an empty password (hard-coded
 * in LocalConnection), and ignores {@code <networks>} for loopback clients; so {@code default}
 * stays password-less but may only run the server loop's statements ({@link #ENGINE_GRANTS}). Any
 * local process can still use it for those: stop the listeners, read {@code system.numbers}.
 */
final class ClickHouseUsers {
  /** Mirrors sql/V007__roles.sql; the secure pipeline IT compares the two. */
  static final String WRITER_GRANT = "GRANT SELECT, INSERT ON " + StackBootstrap.DATABASE + ".*";

  static final String ANALYST_GRANT = "GRANT SELECT ON " + StackBootstrap.DATABASE + ".*";

  /** What ChdbServerMain's own statements need: open the listeners, then sleep on numbers. */
  static final String[] ENGINE_GRANTS = {
    "GRANT SYSTEM LISTEN ON *.*", "GRANT SELECT ON system.numbers"
  };

  private final StackCredentials credentials;
  private final Path dir;

  ClickHouseUsers(StackCredentials credentials) {
    this.credentials = credentials;
    this.dir = credentials.securityDir().resolve("clickhouse");
  }

  /** Writes config.xml and users.xml; returns the config file to pass with --config-file. */
  Path write() {
    Path users = dir.resolve("users.xml");
    StackCredentials.writePrivate(users, usersXml());
    Path config = dir.resolve("config.xml");
    StackCredentials.writePrivate(
        config,
        "<clickhouse>\n"
            + "  <user_directories>\n"
            + "    <users_xml><path>"
            + users
            + "</path></users_xml>\n"
            + "  </user_directories>\n"
            + "</clickhouse>\n");
    for (String user :
        new String[] {
          StackCredentials.CLICKHOUSE_ADMIN,
          StackCredentials.CLICKHOUSE_SINK,
          StackCredentials.CLICKHOUSE_ANALYST
        }) {
      StackCredentials.writePrivate(passwordFile(user), credentials.clickhouse(user) + "\n");
    }
    return config;
  }

  /** A file holding a user's password, for {@code clickhouse.password-file}. */
  Path passwordFile(String user) {
    return credentials.securityDir().resolve("clickhouse-" + user + ".password");
  }

  private String usersXml() {
    return "<clickhouse>\n"
        + "  <profiles><default></default></profiles>\n"
        + "  <quotas><default></default></quotas>\n"
        + "  <roles>\n"
        + role("r1lat_writer", WRITER_GRANT)
        + role("r1lat_analyst", ANALYST_GRANT)
        + "  </roles>\n"
        + "  <users>\n"
        + "    <default>\n"
        + "      <password></password>\n"
        + "      <profile>default</profile><quota>default</quota>\n"
        + "      <grants>"
        + grants(ENGINE_GRANTS)
        + "</grants>\n"
        + "    </default>\n"
        + user(StackCredentials.CLICKHOUSE_ADMIN, null)
        + user(StackCredentials.CLICKHOUSE_SINK, "GRANT r1lat_writer")
        + user(StackCredentials.CLICKHOUSE_ANALYST, "GRANT r1lat_analyst")
        + "  </users>\n"
        + "</clickhouse>\n";
  }

  private static String role(String name, String grant) {
    return "    <" + name + "><grants>" + grants(grant) + "</grants></" + name + ">\n";
  }

  /** A loopback-only user; without grants (the admin) it has every privilege. */
  private String user(String name, String grant) {
    return "    <"
        + name
        + ">\n"
        + "      <password_sha256_hex>"
        + sha256(credentials.clickhouse(name))
        + "</password_sha256_hex>\n"
        + "      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>\n"
        + "      <profile>default</profile><quota>default</quota>\n"
        // the admin may inspect users, roles and grants (SHOW GRANTS); creating them fails anyway
        // on the read-only users.xml storage
        + (grant == null
            ? "      <access_management>1</access_management>\n"
            : "      <grants>" + grants(grant) + "</grants>\n")
        + "    </"
        + name
        + ">\n";
  }

  private static String grants(String... queries) {
    StringBuilder out = new StringBuilder();
    for (String q : queries) {
      out.append("<query>").append(q).append("</query>");
    }
    return out.toString();
  }

  private static String sha256(String password) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
