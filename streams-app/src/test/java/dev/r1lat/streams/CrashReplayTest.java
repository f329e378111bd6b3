package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

  private static final class Run {
    final MockProcessorContext<byte[], Stage1Out> ctx = new MockProcessorContext<>();
    final List<String> out;

    Run(
        KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> progress,
        KeyValueStore<String, byte[]> dims,
        List<byte[]> log,
        List<String> out) {
      this.out = out;
      ctx.setCurrentSystemTimeMs(PRODUCED_AT);
      ctx.addStateStore(progress);
      ctx.addStateStore(dims);
      ReplaySource replay = AggregatorFixture.logReplay(log, PRODUCED_AT, -1);
      aggregator =
          new TimingAggregator(
              TopologyHarness.settings(), replay, new PipelineMetrics(new SimpleMeterRegistry()));
      aggregator.init(ctx);
    }

    final TimingAggregator aggregator;

    void process(List<byte[]> log, int from, int to) {
      for (int o = from; o < to; o++) {
        ctx.setRecordMetadata(TOPIC, 0, o);
        aggregator.process(new Record<>(new byte[0], log.get(o), PRODUCED_AT));
        ctx.forwarded().forEach(f -> out.add(describe(f.record().value())));
        ctx.resetForwards();
      }
    }
  }

  private static String describe(Stage1Out v) {
    if (v instanceof Stage1Out.Partial p) {
      return p.windowStartMs()
          + " "
          + p.group()
          + " "
          + p.component()
          + " n="
          + p.stats().count()
          + " sum="
          + p.stats().mean() * p.stats().count()
          + " p99="
          + p.stats().sketch().getValueAtQuantile(0.99);
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
}
