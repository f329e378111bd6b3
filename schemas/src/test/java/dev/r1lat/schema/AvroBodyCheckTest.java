package dev.r1lat.schema;

import static dev.r1lat.schema.SchemaEvolutionTest.assertThatInvalid;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Collections and nesting, which the committed schemas barely use, checked on synthetic ones. */
class AvroBodyCheckTest {
  private static final Schema LONGS =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                  + "{\"name\":\"xs\",\"type\":{\"type\":\"array\",\"items\":\"long\"}}]}");
  private static final Schema NULLS =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"N\",\"fields\":["
                  + "{\"name\":\"xs\",\"type\":{\"type\":\"array\",\"items\":\"null\"}}]}");

  private static byte[] bytes(long... varints) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long v : varints) {
      out.writeBytes(PoisonRecordTest.zigzag(v));
    }
    return out.toByteArray();
  }

  private static void check(Schema s, byte[] body) {
    AvroBodyCheck.check(s, body, 0, "R");
  }

  @Test
  void shouldAcceptWellFormedArraysInPlainAndSizedBlocks() {
    assertThatCode(() -> check(LONGS, bytes(2, 5, 6, -1, 1, 7, 0))).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAnArrayCountLargerThanTheBytesLeft() {
    assertThatInvalid(() -> check(LONGS, bytes(2_000_000_000L, 1)))
        .contains("collection count 2000000000");
    assertThatInvalid(() -> check(LONGS, bytes(Long.MIN_VALUE))).contains("collection count");
  }

  @Test
  void shouldRefuseABlockSizeLargerThanTheBytesLeft() {
    assertThatInvalid(() -> check(LONGS, bytes(-1, 1_000_000, 7, 0))).contains("block size");
  }

  @Test
  void shouldBoundTheItemsOfZeroByteTypesByTheRecordLength() {
    // no r1lat schema has zero-byte items: counts past the bytes left are refused even for nulls,
    // and so are blocks that together claim more items than the record has bytes (a CPU bomb)
    assertThatCode(() -> check(NULLS, bytes(1, 0))).doesNotThrowAnyException();
    assertThatInvalid(() -> check(NULLS, bytes(2, 0))).contains("collection count 2");
    long[] blocks = new long[61];
    java.util.Arrays.fill(blocks, 60);
    blocks[60] = 0;
    assertThatInvalid(() -> check(NULLS, bytes(blocks))).contains("collection count 60");
  }

  @Test
  void shouldRefuseAnOverlongVarint() {
    byte[] eleven = new byte[11];
    java.util.Arrays.fill(eleven, (byte) 0xff);
    assertThatInvalid(() -> check(LONGS, eleven)).contains("varint longer than 10 bytes");
  }
}
