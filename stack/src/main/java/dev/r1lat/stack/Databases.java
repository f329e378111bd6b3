package dev.r1lat.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** JDBC access to the stack's ClickHouse, for bootstrap and tests. */
public final class Databases {
  private Databases() {}

  /** A connection to {@code database}; credentials come from the environment, never from code. */
  public static Connection connect(Endpoints endpoints, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", System.getenv().getOrDefault("R1LAT_CLICKHOUSE_USER", "default"));
    props.setProperty("password", System.getenv().getOrDefault("R1LAT_CLICKHOUSE_PASSWORD", ""));
    return DriverManager.getConnection(endpoints.clickhouseJdbcUrl(database), props);
  }

  public static void createDatabase(Endpoints endpoints) {
    try (Connection c = connect(endpoints, "default");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS " + StackBootstrap.DATABASE);
    } catch (SQLException e) {
      throw new StackException(
          "cannot create database " + StackBootstrap.DATABASE + ": " + e.getMessage(), e);
    }
  }
}
