package dev.r1lat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelStringsTest {
  private final LabelStrings labels = new LabelStrings();

  private static String plain(byte[] b, int from, int len) {
    return new String(b, from, len, StandardCharsets.UTF_8);
  }

  @Test
  void shouldReturnTheSameInstanceForTheSameBytes() {
    byte[] a = "xxeu-westyy".getBytes(StandardCharsets.UTF_8);
    byte[] b = "eu-west".getBytes(StandardCharsets.UTF_8);
    String first = labels.get(a, 2, 7);
    assertThat(first).isEqualTo("eu-west");
    assertThat(labels.get(b, 0, 7)).isSameAs(first);
  }

  @Test
  void shouldDecodeExactlyLikeNewStringWhateverTheBytes() {
    Random r = new Random(3);
    for (int i = 0; i < 200_000; i++) {
      // few lengths and byte values: many slot collisions and repeats, invalid UTF-8 included
      byte[] b = new byte[r.nextInt(LabelStrings.MAX_BYTES + 8)];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : 'a' + r.nextInt(3));
      }
      int from = b.length == 0 ? 0 : r.nextInt(b.length);
      int len = b.length - from == 0 ? 0 : r.nextInt(b.length - from + 1);
      assertThat(labels.get(b, from, len)).isEqualTo(plain(b, from, len));
    }
  }

  @Test
  void shouldKeepServingKnownLabelsAfterAFloodOfDistinctOnes() {
    byte[] known = "H100".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 100_000; i++) {
      byte[] v = ("v" + i).getBytes(StandardCharsets.UTF_8);
      assertThat(labels.get(v, 0, v.length)).isEqualTo("v" + i);
    }
    String h100 = labels.get(known, 0, known.length);
    assertThat(h100).isEqualTo("H100");
    assertThat(labels.get(known, 0, known.length)).isSameAs(h100);
  }
}
