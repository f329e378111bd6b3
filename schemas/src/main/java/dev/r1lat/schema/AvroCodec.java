package dev.r1lat.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro single-object encoding (2-byte marker, 8-byte CRC-64-AVRO fingerprint of the writer schema,
 * then the binary body) for one generated record type. The decoder knows every committed version of
 * the schema, so it resolves old and new writers against the current reader without a registry.
 *
 * <p>Decoding never trusts a length in the bytes: the header and fingerprint are checked first,
 * then {@link AvroBodyCheck} walks the body against its writer schema and refuses any length or
 * count larger than what remains (and trailing bytes) before Avro reads it. Whatever goes wrong
 * becomes an {@link InvalidRecordException} with a one-line reason, except the few JVM-level errors
 * {@link DecodeFailures#isFatal} lets through. Thread-safe: the Avro message encoder and decoder
 * keep per-thread buffers.
 */
public final class AvroCodec<T extends SpecificRecord> {
  static final int HEADER_BYTES = 10;

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final Map<Long, Schema> writers = new HashMap<>();

  static {
    // Avro 1.12 refuses to instantiate classes named by a schema unless trusted; the generated
    // contract classes are ours, so trust exactly their package, in addition to Avro's defaults.
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            ClassSecurityValidator.getGlobal(),
            cls -> AvroCodec.class.getPackageName().equals(cls.getPackageName())));
  }

  private AvroCodec(Class<T> type, Schema schema, Iterable<Schema> writerSchemas) {
    this.type = type;
    SpecificData model = new SpecificData(type.getClassLoader());
    SchemaStore.Cache store = new SchemaStore.Cache();
    writerSchemas.forEach(store::addSchema);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
    writerSchemas.forEach(decoder::addSchema);
    writerSchemas.forEach(w -> writers.put(SchemaNormalization.parsingFingerprint64(w), w));
    writers.put(SchemaNormalization.parsingFingerprint64(schema), schema);
  }

  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    Schema schema = SpecificData.get().getSchema(type);
    return new AvroCodec<>(type, schema, SchemaHistory.versions(schema.getName()));
  }

  public Class<T> type() {
    return type;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new InvalidRecordException(
          "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one message or throws {@link InvalidRecordException} with a reason fit for a
   * dead-letter header: a bad header, an unknown writer schema, or a truncated or corrupt body.
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      throw new InvalidRecordException(
          "null value (tombstone) where a " + type.getSimpleName() + " was expected");
    }
    try {
      AvroBodyCheck.check(writerOf(bytes), bytes, HEADER_BYTES, type.getSimpleName());
      return decoder.decode(bytes);
    } catch (InvalidRecordException e) {
      throw e;
    } catch (BadHeaderException e) {
      throw new InvalidRecordException(
          DecodeFailures.oneLine("not Avro single-object encoded: " + e.getMessage()), e);
    } catch (MissingSchemaException e) {
      throw new InvalidRecordException(
          DecodeFailures.oneLine("unknown writer schema: " + e.getMessage()), e);
    } catch (Throwable e) {
      throw DecodeFailures.wrap("corrupt " + type.getSimpleName() + " body", e);
    }
  }

  private Schema writerOf(byte[] bytes) {
    if (bytes.length < HEADER_BYTES || (bytes[0] & 0xff) != 0xC3 || bytes[1] != 0x01) {
      throw new InvalidRecordException(
          String.format(
              "not Avro single-object encoded: %d bytes, header %s",
              bytes.length,
              bytes.length < 2
                  ? "missing"
                  : String.format("0x%02X 0x%02X", bytes[0] & 0xff, bytes[1] & 0xff)));
    }
    long fingerprint = fingerprint(bytes);
    Schema writer = writers.get(fingerprint);
    if (writer == null) {
      throw new InvalidRecordException(
          "unknown writer schema: fingerprint "
              + Long.toHexString(fingerprint)
              + " is no committed "
              + type.getSimpleName()
              + " version");
    }
    return writer;
  }

  /** The writer schema's CRC-64-AVRO fingerprint, little-endian after the 2-byte marker. */
  static long fingerprint(byte[] b) {
    long fp = 0;
    for (int i = HEADER_BYTES - 1; i >= 2; i--) {
      fp = (fp << 8) | (b[i] & 0xff);
    }
    return fp;
  }
}
