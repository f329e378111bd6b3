package dev.r1lat.reliability.worker;

import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Settings;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.ClickHouseBatchWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sink as its own process, wired as {@code ./r1lat sink} wires it (migrations are the
 * scenario's job). With {@code --pause-after-insert N} the N-th insert, once ClickHouse has
 * acknowledged it, prints "sink: paused after insert TOKEN" and blocks its writer thread for good:
 * the round's offsets are then never committed, and the scenario SIGKILLs the process at exactly
 * the point between a ClickHouse insert and its offset commit.
 */
public final class SinkWorker {
  private SinkWorker() {}

  public static void main(String[] argv) throws Exception {
    WorkerArgs args = WorkerArgs.parse(argv);
    args.watchParent();
    List<ConfigKey<?>> keys = new ArrayList<>(SinkSettings.KEYS);
    keys.addAll(ClickHouseSettings.KEYS);
    Settings settings = Settings.load(keys, null, Map.of(), args.settings());
    SinkSettings s = SinkSettings.from(settings, "");
    ClickHouseSettings ch = ClickHouseSettings.from(settings, "");
    BatchWriter writer =
        new Announcing(
            new ClickHouseBatchWriter(ch.client(), ch.database()), args.pauseAfterInsert());
    SinkRuntime runtime = SinkRuntime.start(s, writer);
    CountDownLatch finished = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.sink().stop();
                  await(finished);
                },
                "sink-shutdown"));
    StreamsWorker.say("sink: running, group " + s.groupId());
    try {
      runtime.sink().run();
    } finally {
      runtime.close();
      StreamsWorker.say("sink: stopped; " + runtime.sink().metrics().summary());
      finished.countDown();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Tells the scenario about every landed insert; optionally freezes after the N-th. */
  private static final class Announcing implements BatchWriter {
    private final BatchWriter real;
    private final int pauseAfter;
    private final AtomicInteger inserts = new AtomicInteger();

    Announcing(BatchWriter real, int pauseAfter) {
      this.real = real;
      this.pauseAfter = pauseAfter;
    }

    @Override
    public <R> void write(Batch<R> batch) throws WriteException {
      real.write(batch);
      int n = inserts.incrementAndGet();
      StreamsWorker.say("sink: inserted " + batch.rows().size() + " " + batch.dedupToken());
      if (n == pauseAfter) {
        StreamsWorker.say("sink: paused after insert " + batch.dedupToken());
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new WriteException("interrupted while paused", e);
        }
      }
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
