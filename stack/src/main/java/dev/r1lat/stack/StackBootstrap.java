package dev.r1lat.stack;

import dev.r1lat.schema.TopicSpec;
import dev.r1lat.schema.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Idempotent creation of what the pipeline needs: its topics and its ClickHouse database. */
public final class StackBootstrap {
  public static final String DATABASE = "r1lat";

  private StackBootstrap() {}

  /** Creates every topic that does not exist yet; existing topics are left as they are. */
  public static void createTopics(String bootstrap, Topics topics, int partitions) {
    createTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topics, partitions);
  }

  /** The same with full admin client settings (e.g. SASL_SSL and its credentials). */
  public static void createTopics(Map<String, ?> adminConfig, Topics topics, int partitions) {
    Object bootstrap = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    try (Admin admin = Admin.create(Map.copyOf(adminConfig))) {
      for (TopicSpec<?, ?> spec : topics.all()) {
        NewTopic topic = new NewTopic(spec.name(), partitions, (short) 1).configs(spec.configs());
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new StackException(
                "cannot create topic " + spec.name() + ": " + e.getCause().getMessage(),
                e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new StackException("Kafka at " + bootstrap + " did not create topics in 30 s", e);
    }
  }
}
