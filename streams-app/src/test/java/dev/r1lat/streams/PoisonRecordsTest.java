package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.ONE_MINUTE;
import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static dev.r1lat.streams.TopologyHarness.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.RequestTiming;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One record must never take the app down: whatever decoding one record throws, the record is
 * dead-lettered with a reason and the next one is processed (a crash would restart the task on the
 * same record: a crash loop).
 */
class PoisonRecordsTest {
  private static final ReplaySource NO_REPLAY = (t, p, from, to, sink) -> {};

  @TempDir Path state;

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value());
  }

  @Test
  void shouldDeadLetterEveryDecoderFailureKindWithAReasonAndCountTheNextValidRecord() {
    Map<String, byte[]> poison = PoisonRecords.all();
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state)) {
      for (byte[] bytes : poison.values()) {
        h.sendBytes(bytes, T0);
        h.send(request().at(T0 + 1_000).ttftMs(100)); // the next valid record
      }

      List<TestRecord<byte[], byte[]>> dlq = h.drainDlq();
      assertThat(dlq).hasSize(poison.size());
      for (int i = 0; i < dlq.size(); i++) {
        assertThat(dlq.get(i).value()).as("as received").isEqualTo(poison.values().toArray()[i]);
        assertThat(header(dlq.get(i), "r1lat.reason")).isNotBlank();
        assertThat(header(dlq.get(i), "r1lat.source")).startsWith("r1.request-timings/0@");
      }
      assertThat(h.metrics.registry().counter("r1lat_records_dlq_total", "reason", "undecodable"))
          .extracting(c -> c.count())
          .isEqualTo((double) poison.size());
      h.advanceEventTimeTo(T0 + ONE_MINUTE + 30_000);
      assertThat(of(h.drainStats(), "eu-west", "H100", "ttft").get(0).getCount())
          .isEqualTo(poison.size());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"StackOverflowError", "OutOfMemoryError", "NegativeArraySize", "NPE"})
  void shouldTurnAnyThrowableFromTheDecoderIntoADeadLetterAndAdmitTheNextRecord(String kind) {
    Supplier<Throwable> failure =
        switch (kind) {
          case "StackOverflowError" -> StackOverflowError::new;
          case "OutOfMemoryError" -> () -> new OutOfMemoryError("Java heap space");
          case "NegativeArraySize" -> () -> new NegativeArraySizeException("-5");
          default -> NullPointerException::new;
        };
    byte[] poison = PoisonRecords.hugeStringLength();
    RequestTiming valid = Timings.request().at(T0).build();
    Function<byte[], RequestTiming> decoder =
        bytes -> {
          if (bytes == poison) {
            throw sneaky(failure.get());
          }
          return valid;
        };
    TimingAdmission admission = admission(decoder);

    TimingAdmission.Result bad = admission.admit(poison, T0);
    TimingAdmission.Result next = admission.admit(new byte[] {1}, T0);

    assertThat(bad.admitted()).isFalse();
    assertThat(bad.route()).isEqualTo(AggregatorOutput.Route.DEAD_LETTER);
    assertThat(bad.reasonClass()).isEqualTo("undecodable");
    assertThat(bad.reason())
        .startsWith("undecodable: ")
        .contains(failure.get().getClass().getSimpleName());
    assertThat(next.admitted()).isTrue();
  }

  @Test
  void shouldCapAReasonThatQuotesTheRecord() {
    TimingAdmission admission =
        admission(
            bytes -> {
              throw new IllegalStateException("x".repeat(100_000));
            });
    assertThat(admission.admit(new byte[] {1}, T0).reason())
        .hasSizeLessThan(TimingAdmission.MAX_REASON_CHARS + 50);
  }

  private static TimingAdmission admission(Function<byte[], RequestTiming> decoder) {
    MockProcessorContext<?, ?> ctx = new MockProcessorContext<>();
    return new TimingAdmission(
        TopologyHarness.settings(),
        AggregatorFixture.dimensionsStore(ctx),
        new PipelineMetrics(new SimpleMeterRegistry()),
        decoder);
  }

  /** Throws a checked-or-not Throwable from a lambda, as a decoder bug would. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
