package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sketch.LatencySketches;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A crash at any point: the aggregator loses its in-memory windows, keeps only what its stores
 * committed, and resumes at the committed offset. Its output must equal an uninterrupted run's.
 */
class CrashReplayTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final String TOPIC = TopologyHarness.TOPICS.requestTimings().name();
  private static final long PRODUCED_AT = T0 + 3_600_000;

  /** 400 events over ~7 minutes, out of order by up to 20 s, in four groups. */
  private static List<byte[]> input() {
    Random rnd = new Random(11);
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      long t = T0 + i * 1_000L - rnd.nextInt(20_000);
      events.add(
          CODEC.encode(
              request()
                  .region(rnd.nextBoolean() ? "eu-west" : "us-east")
                  .tier(rnd.nextBoolean() ? "H100" : "A100")
                  .at(t)
                  .ttftMs(50 + rnd.nextInt(900))
                  .build()));
    }
    return events;
  }

  /**
   * 400 events appended one per second from T0; every tenth from a host whose clock runs 4 minutes
   * ahead, the others up to 20 s out of order. The bound on stream time comes from the append
   * times.
   */
  private static List<byte[]> skewedInput() {
    Random rnd = new Random(12);
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      boolean fast = i % 10 == 7;
      long t = fast ? appendedAt(i) + 240_000 : appendedAt(i) - rnd.nextInt(20_000);
      events.add(
          CODEC.encode(
              request()
                  .region(fast ? "fast-clock" : "eu-west")
                  .tier(rnd.nextBoolean() ? "H100" : "A100")
                  .at(t)
                  .ttftMs(50 + rnd.nextInt(900))
                  .build()));
    }
    return events;
  }

  private static long appendedAt(long offset) {
    return T0 + offset * 1_000;
  }

  private static final class Run {
    final MockProcessorContext<byte[], AggregatorOutput> ctx = new MockProcessorContext<>();
    final List<String> out;
    final LongUnaryOperator appendedAt;

    Run(
        KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> progress,
        KeyValueStore<String, byte[]> dims,
        List<byte[]> log,
        List<String> out) {
      this(progress, dims, log, out, o -> PRODUCED_AT, PRODUCED_AT);
    }

    Run(
        KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> progress,
        KeyValueStore<String, byte[]> dims,
        List<byte[]> log,
        List<String> out,
        LongUnaryOperator appendedAt,
        long wallClockMs) {
      this.out = out;
      this.appendedAt = appendedAt;
      ctx.setCurrentSystemTimeMs(wallClockMs);
      ctx.addStateStore(progress);
      ctx.addStateStore(dims);
      ReplaySource replay = AggregatorFixture.logReplay(log, appendedAt, -1);
      aggregator =
          new TimingAggregator(
              TopologyHarness.settings(), replay, new PipelineMetrics(new SimpleMeterRegistry()));
      aggregator.init(ctx);
    }

    final TimingAggregator aggregator;

    void process(List<byte[]> log, int from, int to) {
      for (int o = from; o < to; o++) {
        ctx.setRecordMetadata(TOPIC, 0, o);
        aggregator.process(new Record<>(new byte[0], log.get(o), appendedAt.applyAsLong(o)));
        ctx.forwarded().forEach(f -> out.add(describe(f.record().value())));
        ctx.resetForwards();
      }
    }
  }

  private static String describe(AggregatorOutput v) {
    if (v instanceof AggregatorOutput.Partial p) {
      return p.windowStartMs()
          + " "
          + p.group()
          + " "
          + p.component()
          + " n="
          + p.stats().count()
          + " ok="
          + p.stats().okCount()
          + " good="
          + p.stats().good()
          + " sum="
          + p.stats().mean() * p.stats().okCount()
          + " p99="
          + LatencySketches.quantile(p.stats().allSketch(), 0.99);
    }
    return v.toString();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 37, 95, 150, 222, 399})
  void shouldEmitExactlyWhatAnUninterruptedRunEmitsWhenCrashingAt(int crashOffset) {
    List<byte[]> log = input();
    MockProcessorContext<?, ?> storeCtx = new MockProcessorContext<>();

    List<String> clean = new ArrayList<>();
    new Run(
            AggregatorFixture.progressStore(storeCtx),
            AggregatorFixture.dimensionsStore(storeCtx),
            log,
            clean)
        .process(log, 0, log.size());

    var progress = AggregatorFixture.progressStore(storeCtx);
    var dims = AggregatorFixture.dimensionsStore(storeCtx);
    List<String> crashed = new ArrayList<>();
    new Run(progress, dims, log, crashed).process(log, 0, crashOffset);
    new Run(progress, dims, log, crashed).process(log, crashOffset, log.size());

    assertThat(clean).as("the uninterrupted run closes windows").hasSizeGreaterThan(20);
    assertThat(crashed).containsExactlyElementsOf(clean);
  }

  /**
   * The replay bounds stream time by the records' append times, as the first run did, never by the
   * wall clock: here the wall clock stays at T0 while the broker appends for 400 s, so every
   * restart also finds its stored stream time ahead of the wall clock and clamps it, and the replay
   * must carry it back.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 37, 95, 150, 222, 399})
  void shouldEmitExactlyWhatAnUninterruptedRunEmitsWithAFastProducerClockCrashingAt(int crash) {
    List<byte[]> log = skewedInput();
    MockProcessorContext<?, ?> storeCtx = new MockProcessorContext<>();
    LongUnaryOperator at = CrashReplayTest::appendedAt;

    List<String> clean = new ArrayList<>();
    new Run(
            AggregatorFixture.progressStore(storeCtx),
            AggregatorFixture.dimensionsStore(storeCtx),
            log,
            clean,
            at,
            T0)
        .process(log, 0, log.size());

    var progress = AggregatorFixture.progressStore(storeCtx);
    var dims = AggregatorFixture.dimensionsStore(storeCtx);
    List<String> crashed = new ArrayList<>();
    new Run(progress, dims, log, crashed, at, T0).process(log, 0, crash);
    new Run(progress, dims, log, crashed, at, T0).process(log, crash, log.size());

    assertThat(clean).as("the uninterrupted run closes windows").hasSizeGreaterThan(20);
    assertThat(clean).as("fast-clock windows closed too").anyMatch(s -> s.contains("fast-clock"));
    assertThat(crashed).containsExactlyElementsOf(clean);
  }
}
