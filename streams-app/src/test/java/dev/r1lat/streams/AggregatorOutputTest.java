package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.anomaly.GroupKey;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.sketch.LatencySketches;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Partials cross the repartition topic and sit in the merger's store: their key and wire form are
 * state, so a group and its series must read back as they were written.
 */
class AggregatorOutputTest {
  private static AggregatorOutput.Partial partial(GroupKey group) {
    ComponentStats stats = new ComponentStats(500);
    stats.add(120, RequestStatus.OK);
    stats.add(700, RequestStatus.ERROR);
    return new AggregatorOutput.Partial(60_000, 120_000, group, Component.TTFT, stats);
  }

  @Test
  void shouldKeyAPartialByItsSeries() {
    assertThat(new String(partial(GroupKey.of("eu-west", "H100")).key(), StandardCharsets.UTF_8))
        .isEqualTo("eu-west|H100|ttft");
    assertThat(new String(partial(new GroupKey("*", "H100", "r1")).key(), StandardCharsets.UTF_8))
        .isEqualTo("*|H100|r1|ttft");
  }

  @Test
  void shouldReadBackAPartialsGroupAndSeriesFromTheWire() {
    for (GroupKey group :
        new GroupKey[] {GroupKey.of("eu-west", "*"), new GroupKey("*", "*", "r1")}) {
      AggregatorOutput.Partial sent = partial(group);

      var read =
          (AggregatorOutput.Partial)
              AggregatorOutput.WireSerde.decode(AggregatorOutput.WireSerde.encode(sent));

      assertThat(read.group()).isEqualTo(group);
      assertThat(read.series()).isEqualTo(sent.series());
      assertThat(read.key()).isEqualTo(sent.key());
      assertThat(read.stats().count()).isEqualTo(2);
      assertThat(read.stats().errors()).isEqualTo(1);
    }
  }

  @Test
  void shouldCarryFailureCountsGoodCountAndBothSketchesOverTheWire() {
    ComponentStats stats = new ComponentStats(500);
    stats.add(120, RequestStatus.OK);
    stats.add(600_000, RequestStatus.TIMEOUT);
    stats.add(80, RequestStatus.CANCELLED);
    stats.addGood();

    ComponentStats read = ComponentStats.fromBytes(stats.toBytes(), 500);

    assertThat(read.count()).isEqualTo(3);
    assertThat(read.okCount()).isEqualTo(1);
    assertThat(read.timeouts()).isEqualTo(1);
    assertThat(read.cancelled()).isEqualTo(1);
    assertThat(read.good()).isEqualTo(1);
    assertThat(read.overSlo()).isEqualTo(1);
    assertThat(read.max()).isEqualTo(120);
    assertThat(read.sketch().getCount()).isEqualTo(1);
    assertThat(read.failedSketch().getCount()).isEqualTo(2);
  }

  @Test
  void shouldReadAPartialInTheEarlierWireFormAsOkValues() {
    DDSketch sketch = LatencySketches.create();
    sketch.accept(100);
    sketch.accept(300);
    byte[] encoded = LatencySketches.encode(sketch);
    byte[] v1 =
        ByteBuffer.allocate(5 * 8 + encoded.length)
            .putLong(2) // count
            .putLong(1) // errors
            .putLong(0) // over SLO
            .putDouble(400) // sum
            .putDouble(300) // max
            .put(encoded)
            .array();

    ComponentStats read = ComponentStats.fromBytes(v1, 500);

    assertThat(read.count()).isEqualTo(2);
    assertThat(read.okCount()).isEqualTo(2);
    assertThat(read.mean()).isEqualTo(200);
    assertThat(read.sketch().getCount()).isEqualTo(2);
    assertThat(read.failedSketch()).isNull();
  }
}
