package dev.r1lat.cli;

import com.clickhouse.client.api.Client;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.schema.Migration;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat migrate}: applies sql/ to ClickHouse. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Apply the versioned ClickHouse DDL of sql/ in order, recording each file in"
          + " <database>.schema_migrations. Idempotent: applied files are skipped (and must be"
          + " unchanged), so it is always safe to run again.",
      "Settings: clickhouse.url/user/password/database, migrate.cluster (ON CLUSTER,"
          + " Replicated*MergeTree + Distributed), migrate.cluster-name, migrate.ttl.raw-days"
          + " (default 30), migrate.roles (auto|on|off)."
    })
public final class MigrateCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(
      names = "--dry-run",
      description = "print the rendered statements instead of running them")
  boolean dryRun;

  @Override
  public Integer call() {
    return migrate(config, SinkCommand.clickhouse(config), dryRun);
  }

  public static int migrate(ConfigOptions config, ClickHouseSettings ch, boolean dryRun) {
    quietClickHouseClient();
    SchemaOptions options = SchemaOptions.from(config.settings(), ch.database());
    if (dryRun) {
      for (Migration m : Migrations.bundled()) {
        System.out.println("-- " + m.fileName());
        Migrator.render(m, options).forEach(sql -> System.out.println(sql + ";\n"));
      }
      return 0;
    }
    try (Client client = ch.withDatabase("default").client()) {
      Migrator.Outcome out =
          new Migrator(client, options, line -> System.out.println("migrate: " + line))
              .migrate(Migrations.bundled());
      System.out.printf(
          "migrate: %s at %s: %d applied, %d already applied, %d skipped%n",
          ch.database(),
          ch.displayUrl(),
          out.applied().size(),
          out.alreadyApplied().size(),
          out.skipped().size());
      out.skipped().forEach(s -> System.out.println("migrate: skipped " + s));
      return 0;
    } catch (Migrator.MigrationException e) {
      System.err.println("r1lat: migrate: " + e.getMessage());
      return Main.EXIT_FAILED;
    } catch (RuntimeException e) {
      System.err.println("r1lat: migrate: ClickHouse at " + ch.displayUrl() + ": " + oneLine(e));
      return Main.EXIT_FAILED;
    }
  }

  /** The failure in one line: its message, and the root cause's when that says more. */
  public static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
      m = m + ": " + root.getMessage();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /**
   * client-v2 logs each failed request with a stack trace at WARN; our commands report failures in
   * one line themselves, so its logger is raised to ERROR unless R1LAT_LOG_LEVEL asks for more.
   */
  public static void quietClickHouseClient() {
    if (System.getenv("R1LAT_LOG_LEVEL") == null
        && org.slf4j.LoggerFactory.getLogger("com.clickhouse")
            instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }
}
