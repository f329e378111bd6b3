package dev.r1lat.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientFaultCause;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Secrets;
import dev.r1lat.config.Settings;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where ClickHouse is, who we are there, and how long to wait for it. Immutable; {@link #client()}
 * opens a client-v2.
 *
 * @param connectTimeout longest wait for a TCP connection
 * @param socketTimeout longest wait for the next bytes of a response: a ClickHouse (or network)
 *     that stops answering fails the call instead of hanging it (the sink then retries)
 * @param rootCertificate PEM file of the CA an https URL's server certificate is checked against;
 *     empty = the JVM's default trust store
 */
public record ClickHouseSettings(
    String url,
    String user,
    String password,
    String database,
    Duration connectTimeout,
    Duration socketTimeout,
    String rootCertificate) {

  public static final ConfigKey<String> URL =
      ConfigKey.string(
          "clickhouse.url", "", "ClickHouse HTTP URL; empty = the local stack's HTTP port");
  public static final ConfigKey<String> USER =
      ConfigKey.string("clickhouse.user", "default", "ClickHouse user");
  public static final ConfigKey<String> PASSWORD =
      ConfigKey.string(
          "clickhouse.password",
          "",
          "ClickHouse password: from the env variable or a file (clickhouse.password-file or"
              + " R1LAT_CLICKHOUSE_PASSWORD_FILE), never on the command line");
  public static final ConfigKey<String> DATABASE =
      ConfigKey.string("clickhouse.database", "r1lat", "ClickHouse database of the r1lat tables");

  public static final ConfigKey<Duration> CONNECT_TIMEOUT =
      ConfigKey.duration(
          "clickhouse.connect-timeout", "10s", "longest wait for a connection to ClickHouse");
  public static final ConfigKey<Duration> SOCKET_TIMEOUT =
      ConfigKey.duration(
          "clickhouse.socket-timeout",
          "30s",
          "longest silence while waiting for a ClickHouse response before the call fails"
              + " (migrations allow longer statements)");

  public static final ConfigKey<String> ROOT_CERTIFICATE =
      ConfigKey.string(
          "clickhouse.ssl-root-certificate",
          "",
          "PEM file of the CA that signed ClickHouse's https certificate; empty = the JVM's trust"
              + " store");

  public static final List<ConfigKey<?>> KEYS =
      List.of(URL, USER, PASSWORD, DATABASE, CONNECT_TIMEOUT, SOCKET_TIMEOUT, ROOT_CERTIFICATE);

  /** With the default timeouts. */
  public ClickHouseSettings(String url, String user, String password, String database) {
    this(url, user, password, database, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /** With the JVM's trust store for https. */
  public ClickHouseSettings(
      String url,
      String user,
      String password,
      String database,
      Duration connectTimeout,
      Duration socketTimeout) {
    this(url, user, password, database, connectTimeout, socketTimeout, "");
  }

  private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@");
  private static final Pattern SECRET_PARAM =
      Pattern.compile("(?i)([?&](?:password|pass|pwd|token|secret)[^=&]*)=[^&]*");

  /**
   * @param localStackUrl used when clickhouse.url is empty
   */
  public static ClickHouseSettings from(Settings s, String localStackUrl) {
    String url = s.get(URL).isBlank() ? localStackUrl : s.get(URL);
    return new ClickHouseSettings(
        url,
        s.get(USER),
        s.get(PASSWORD),
        s.get(DATABASE),
        s.get(CONNECT_TIMEOUT),
        s.get(SOCKET_TIMEOUT),
        s.get(ROOT_CERTIFICATE));
  }

  /** The URL as logs may show it: without user info or credentials in the query string. */
  public String displayUrl() {
    return redactUrl(url);
  }

  /** Never prints the password (records print every component by default). */
  @Override
  public String toString() {
    return "ClickHouseSettings[url="
        + displayUrl()
        + ", user="
        + user
        + ", password="
        + Secrets.display(PASSWORD.name(), password)
        + ", database="
        + database
        + ", connectTimeout="
        + connectTimeout
        + ", socketTimeout="
        + socketTimeout
        + (rootCertificate.isBlank() ? "" : ", rootCertificate=" + rootCertificate)
        + "]";
  }

  static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    String out = USER_INFO.matcher(url).replaceFirst("$1");
    return SECRET_PARAM.matcher(out).replaceAll("$1=" + Secrets.MASK);
  }

  public ClickHouseSettings withDatabase(String db) {
    return new ClickHouseSettings(
        url, user, password, db, connectTimeout, socketTimeout, rootCertificate);
  }

  public Client client() {
    Client.Builder builder = new Client.Builder();
    if (!rootCertificate.isBlank()) {
      builder.setRootCertificate(rootCertificate);
    }
    return builder
        .addEndpoint(url)
        .setUsername(user)
        .setPassword(password)
        .setDefaultDatabase(database)
        .setConnectTimeout(connectTimeout.toMillis(), ChronoUnit.MILLIS)
        .setSocketTimeout(socketTimeout.toMillis(), ChronoUnit.MILLIS)
        .compressClientRequest(false)
        // one quiet retry, only for a pooled connection the server closed (e.g. after a restart);
        // real outages surface at once: the sink has its own back-off loop, commands fail fast
        .retryOnFailures(ClientFaultCause.NoHttpResponse)
        .setMaxRetries(1)
        .build();
  }
}
