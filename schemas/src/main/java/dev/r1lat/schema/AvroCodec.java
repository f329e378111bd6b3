package dev.r1lat.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
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
 * Thread-safe: the Avro message encoder and decoder keep per-thread buffers.
 */
public final class AvroCodec<T extends SpecificRecord> {
  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

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
      return decoder.decode(bytes);
    } catch (BadHeaderException e) {
      throw new InvalidRecordException("not Avro single-object encoded: " + e.getMessage(), e);
    } catch (MissingSchemaException e) {
      throw new InvalidRecordException("unknown writer schema: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new InvalidRecordException(
          "corrupt "
              + type.getSimpleName()
              + " body: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
