package dev.r1lat.bench.streams;

import com.clickhouse.client.api.Client;
import dev.r1lat.bench.ProcStat;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The ClickHouse-only anchor: ClickHouse's Kafka engine consumes the JSON copy of the benchmark's
 * events into a raw table and one t-digest materialized view ({@link ClickHouseAnchorSql}), timed
 * by polling the raw table's count. Its CPU is ClickHouse's own process CPU, found by the port it
 * listens on, when ClickHouse runs on this machine.
 */
final class ClickHouseAnchor {
  static final long POLL_MILLIS = 200;

  /**
   * Rows per block each consumer hands to the views. The raw count grows a block at a time (both
   * consumers' blocks often land together): 16,384 makes about 80 steps between 20% and 90% of 2M
   * events, where 65,536 made about 10, at the same CPU per event within the noise.
   */
  static final int MAX_BLOCK_SIZE = 16_384;

  private final PrintStream out;
  private final ClickHouseSettings clickhouse;

  ClickHouseAnchor(PrintStream out, ClickHouseSettings clickhouse) {
    this.out = out;
    this.clickhouse = clickhouse;
  }

  /** Where ClickHouse runs (its pid, for CPU) and that it answers, checked before any events. */
  OptionalLong check() {
    try (Client client = clickhouse.client()) {
      String version =
          ClickHouseCalls.query(client, "SELECT version() AS v", Map.of()).get(0).getString("v");
      OptionalLong pid = localPid();
      out.printf(
          "ClickHouse %s at %s%s%n",
          version,
          clickhouse.displayUrl(),
          pid.isPresent()
              ? ", pid " + pid.getAsLong()
              : " (its process is not on this machine: no CPU figure)");
      return pid;
    }
  }

  /**
   * Consumes {@code events} from {@code topic} with {@code consumers} Kafka consumers in
   * ClickHouse, from creating the views until the raw table holds them all.
   */
  CountSamples run(String brokers, String topic, String group, long events, int consumers)
      throws InterruptedException {
    OptionalLong pid = localPid();
    String db = "bench_anchor_" + System.currentTimeMillis() / 1000;
    ClickHouseAnchorSql sql = new ClickHouseAnchorSql(db, RequestTiming.getClassSchema());
    var consumption =
        new ClickHouseAnchorSql.Consumption(brokers, topic, group, consumers, MAX_BLOCK_SIZE);
    try (Client client = clickhouse.client()) {
      try {
        CountSamples samples =
            new CountSamples(events, System.nanoTime(), cpu(pid)); // clock starts with the DDL
        for (String statement : sql.create(consumption)) {
          ClickHouseCalls.execute(client, statement);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long n = 0;
        while (!samples.add(System.nanoTime(), n, cpu(pid)) && System.nanoTime() < deadline) {
          Thread.sleep(POLL_MILLIS);
          n = ClickHouseCalls.query(client, sql.countRaw(), Map.of()).get(0).getLong("n");
        }
        if (samples.last() < events) {
          throw new IllegalStateException(
              "ClickHouse's Kafka engine consumed only " + samples.last() + " of " + events);
        }
        checkStats(client, sql, events, samples.last());
        return samples;
      } finally {
        for (String statement : sql.drop()) {
          ClickHouseCalls.execute(client, statement);
        }
      }
    }
  }

  /**
   * The t-digest view holds every event too: both views get the same blocks, the raw table first,
   * so the view may trail the raw count by the last block for a moment.
   */
  private void checkStats(Client client, ClickHouseAnchorSql sql, long events, long raw)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      var row = ClickHouseCalls.query(client, sql.countStats(), Map.of()).get(0);
      long n = row.getLong("n");
      if (n >= events) { // more than N: the Kafka engine delivers at least once
        out.printf(
            "ClickHouse anchor: raw table %,d rows, t-digest view %,d events in %,d region x tier"
                + " x minute groups%n",
            raw, n, row.getLong("groups"));
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the t-digest view counted " + n + " events, expected " + events);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private static long cpu(OptionalLong pid) {
    return pid.isPresent() ? ProcStat.cpuNanos(pid.getAsLong()) : -1;
  }

  private OptionalLong localPid() {
    URI url = URI.create(clickhouse.url());
    String host = url.getHost();
    boolean local = "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host);
    int port = url.getPort() > 0 ? url.getPort() : 8123;
    return local ? ProcStat.listeningOn(port) : OptionalLong.empty();
  }
}
