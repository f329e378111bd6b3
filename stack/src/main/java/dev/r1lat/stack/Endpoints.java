package dev.r1lat.stack;

/** How clients reach a running stack. */
public record Endpoints(String kafkaBootstrap, String clickhouseHttpUrl) {

  /** JDBC URL of ClickHouse (clickhouse-jdbc 0.10 / jdbc-v2 form) for {@code database}. */
  public String clickhouseJdbcUrl(String database) {
    return "jdbc:clickhouse:" + clickhouseHttpUrl + "/" + database;
  }
}
