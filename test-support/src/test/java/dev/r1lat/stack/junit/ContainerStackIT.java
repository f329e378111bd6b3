package dev.r1lat.stack.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.r1lat.schema.Topics;
import dev.r1lat.stack.Databases;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.StackBootstrap;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Testcontainers provider; runs only where a Docker engine is reachable, and says so. */
class ContainerStackIT {

  @Test
  void shouldServeTheSameStackFromContainers() throws Exception {
    assumeTrue(
        ContainerStack.dockerAvailable(),
        "NOT RUN: no Docker engine reachable, the Testcontainers provider was not exercised");
    try (ContainerStack stack = new ContainerStack(Topics.defaults(), 3)) {
      Endpoints endpoints = stack.start();
      try (var admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
        Set<String> names = admin.listTopics().names().get();
        assertThat(names).contains(Topics.defaults().requestTimings().name());
      }
      try (Connection c = Databases.connect(endpoints, StackBootstrap.DATABASE);
          ResultSet rs = c.createStatement().executeQuery("SELECT version()")) {
        rs.next();
        assertThat(rs.getString(1)).startsWith("26.");
      }
    }
  }
}
