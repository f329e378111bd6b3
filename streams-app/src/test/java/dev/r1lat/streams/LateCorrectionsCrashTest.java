package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Exactly once for corrections: under exactly_once_v2 a crash aborts the running transaction (its
 * output vanishes, the store is restored to the last commit, the input rewinds). Simulated here: a
 * run that crashes before committing restarts from the committed store with the same input, and the
 * committed output must equal an uninterrupted run's: no correction twice, none lost, revisions
 * without gaps.
 */
class LateCorrectionsCrashTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final long NOW = T0 + 3_600_000;

  /** One processor instance over a store: what a task is between two restarts. */
  private static final class Task {
    final MockProcessorContext<byte[], LateCorrections.Out> ctx = new MockProcessorContext<>();
    final KeyValueStore<Bytes, byte[]> store;
    final LateCorrections processor =
        new LateCorrections(
            TopologyHarness.settings(), new PipelineMetrics(new SimpleMeterRegistry()));

    Task(Map<Bytes, byte[]> committed) {
      store =
          Stores.keyValueStoreBuilder(
                  Stores.inMemoryKeyValueStore(LateCorrections.STORE),
                  Serdes.Bytes(),
                  Serdes.ByteArray())
              .withLoggingDisabled()
              .build();
      store.init(ctx.getStateStoreContext(), store);
      committed.forEach(store::put);
      ctx.addStateStore(store);
      processor.init(ctx);
    }

    void process(RequestTiming t) {
      RecordHeaders h = new RecordHeaders();
      h.add(LateCorrections.GROUP_HEADER, "eu-west|H100".getBytes(StandardCharsets.UTF_8));
      h.add(LateKeyer.REQUEST_KEY_HEADER, t.getRequestId().getBytes(StandardCharsets.UTF_8));
      long window = t.getEventTimeMs() - Math.floorMod(t.getEventTimeMs(), 60_000L);
      processor.process(new Record<>(window, CODEC.encode(t), NOW, h));
    }

    void flush() {
      ctx.scheduledPunctuators().get(0).getPunctuator().punctuate(NOW);
    }

    /** The output of the transaction so far, and the store as it would be committed. */
    List<String> commit(Map<Bytes, byte[]> into) {
      into.clear();
      try (var all = store.all()) {
        all.forEachRemaining(kv -> into.put(kv.key, kv.value));
      }
      List<String> out = rows(ctx);
      ctx.resetForwards();
      return out;
    }
  }

  private static List<String> rows(MockProcessorContext<byte[], LateCorrections.Out> ctx) {
    List<String> rows = new ArrayList<>();
    for (var f : ctx.forwarded()) {
      if (f.record().value() instanceof LateCorrections.Row r) {
        LatencyWindowStats s = r.stats();
        if (s.getComponent().equals("e2e")) {
          rows.add(
              s.getRegion() + "|" + s.getTier() + " r" + s.getRevision() + " n" + s.getCount());
        }
      }
    }
    rows.sort(String::compareTo);
    return rows;
  }

  private final RequestTiming e1 = request().at(T0 + 1_000).e2eMs(100).build();
  private final RequestTiming e2 = request().at(T0 + 2_000).e2eMs(200).build();
  private final RequestTiming e3 = request().at(T0 + 3_000).e2eMs(300).build();

  private List<String> uninterrupted() {
    Map<Bytes, byte[]> committed = new TreeMap<>();
    Task t = new Task(committed);
    List<String> out = new ArrayList<>();
    t.process(e1);
    t.process(e2);
    t.flush();
    out.addAll(t.commit(committed));
    t.process(e3);
    t.process(e1); // a retry
    t.flush();
    out.addAll(t.commit(committed));
    return out;
  }

  @Test
  void shouldEmitTheSameCorrectionsWhenATransactionWithAFlushAborts() {
    Map<Bytes, byte[]> committed = new TreeMap<>();
    Task first = new Task(committed);
    List<String> out = new ArrayList<>();
    first.process(e1);
    first.process(e2);
    first.flush();
    out.addAll(first.commit(committed));
    first.process(e3);
    first.process(e1);
    first.flush(); // emitted, then the crash: this transaction's output and store writes vanish

    Task restarted = new Task(committed);
    restarted.process(e3); // the input rewinds to the committed offsets
    restarted.process(e1);
    restarted.flush();
    out.addAll(restarted.commit(committed));

    assertThat(out).isEqualTo(uninterrupted());
    assertThat(out).contains("*|* r1 n2", "*|* r2 n1").hasSize(8);
  }

  @Test
  void shouldNeitherLoseNorRepeatPendingEventsWhenATransactionBeforeTheFlushAborts() {
    Map<Bytes, byte[]> committed = new TreeMap<>();
    Task first = new Task(committed);
    List<String> out = new ArrayList<>();
    first.process(e1);
    first.commit(committed); // e1 pending, committed with its offset
    first.process(e2); // crash before the next commit: e2 is read again

    Task restarted = new Task(committed);
    restarted.process(e2);
    restarted.flush();
    out.addAll(restarted.commit(committed));
    restarted.process(e3);
    restarted.process(e1);
    restarted.flush();
    out.addAll(restarted.commit(committed));

    assertThat(out).isEqualTo(uninterrupted());
  }
}
