package dev.r1lat.streams;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.SchemaHistory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.SchemaNormalization;

/**
 * Byte arrays that look like RequestTiming v1 records (single-object header with the v1
 * fingerprint) but lie about their body, one per decoder failure kind. RequestTiming has no arrays
 * or maps, so the "huge count" cases are the counts v1 does read: a union branch and an enum index.
 */
final class PoisonRecords {
  private static final long V1_FINGERPRINT =
      SchemaNormalization.parsingFingerprint64(SchemaHistory.versions("RequestTiming").get(0));

  private PoisonRecords() {}

  /** Every kind, by name. */
  static Map<String, byte[]> all() {
    Map<String, byte[]> all = new LinkedHashMap<>();
    all.put("string length 2e9 (15 bytes)", hugeStringLength());
    all.put("negative string length", negativeStringLength());
    all.put("huge union branch", hugeUnionBranch());
    all.put("huge enum index", hugeEnumIndex());
    all.put("varint that never ends", endlessVarint());
    all.put("truncated body", truncated());
    all.put("header only", header().toByteArray());
    all.put("unknown schema fingerprint", unknownFingerprint());
    return all;
  }

  /** The record from the issue: header, then a string length of 2,000,000,000. */
  static byte[] hugeStringLength() {
    ByteArrayOutputStream b = header();
    varLong(b, 2_000_000_000L);
    return b.toByteArray();
  }

  static byte[] negativeStringLength() {
    ByteArrayOutputStream b = header();
    varLong(b, -5);
    b.writeBytes("abcdefgh".getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  /** Valid up to the first optional field, whose union branch is 2^31 - 1. */
  static byte[] hugeUnionBranch() {
    ByteArrayOutputStream b = requiredFields();
    varLong(b, Integer.MAX_VALUE);
    return b.toByteArray();
  }

  /** Valid up to the status enum, whose index is 2^31 - 1. */
  static byte[] hugeEnumIndex() {
    ByteArrayOutputStream b = requiredFields();
    varLong(b, 0); // quantization: null
    varLong(b, 0); // serverId: null
    b.write(1); // streaming
    varLong(b, Integer.MAX_VALUE);
    return b.toByteArray();
  }

  static byte[] endlessVarint() {
    ByteArrayOutputStream b = header();
    for (int i = 0; i < 12; i++) {
      b.write(0xff);
    }
    return b.toByteArray();
  }

  /** A valid record without its last 5 bytes (inside the final e2e double). */
  static byte[] truncated() {
    byte[] valid = valid();
    return Arrays.copyOf(valid, valid.length - 5);
  }

  /** A valid body behind a fingerprint no released schema has. */
  static byte[] unknownFingerprint() {
    byte[] b = valid();
    for (int i = 2; i < 10; i++) {
      b[i] = (byte) (0x5a + i);
    }
    return b;
  }

  static byte[] valid() {
    return AvroCodec.of(RequestTiming.class)
        .encode(Timings.request().at(Timings.T0).ttftMs(100).build());
  }

  private static ByteArrayOutputStream header() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0xC3);
    b.write(0x01);
    for (int i = 0; i < 8; i++) {
      b.write((int) (V1_FINGERPRINT >>> (8 * i)));
    }
    return b;
  }

  /** requestId, eventTimeMs, region, tier, model: all valid. */
  private static ByteArrayOutputStream requiredFields() {
    ByteArrayOutputStream b = header();
    string(b, "req-poison");
    varLong(b, Timings.T0);
    string(b, "eu-west");
    string(b, "H100");
    string(b, "deepseek-r1");
    return b;
  }

  private static void string(ByteArrayOutputStream b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    varLong(b, bytes.length);
    b.writeBytes(bytes);
  }

  /** Avro zig-zag varint. */
  private static void varLong(ByteArrayOutputStream b, long v) {
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7fL) != 0) {
      b.write((int) ((z & 0x7f) | 0x80));
      z >>>= 7;
    }
    b.write((int) z);
  }
}
