package dev.r1lat.sink;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.FastTimingDecoder;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.sink.write.FastTimingRules;
import dev.r1lat.sink.write.RejectedRecordException;
import dev.r1lat.sink.write.SinkTable;
import dev.r1lat.sink.write.TimingBlock;
import dev.r1lat.sink.write.TimingColumns;
import dev.r1lat.sink.write.TimingNativeEncoder;
import dev.r1lat.sink.write.TimingRow;
import java.util.Arrays;

/**
 * Decodes the raw events of one range into one {@link TimingBlock}. A message of the current writer
 * schema is parsed once: decoded, judged ({@link FastTimingRules}) and written into the columns in
 * the same pass. Any other message, and any message that pass is not sure of (a rule broken,
 * non-ASCII text, malformed bytes), is decided exactly as the streams app decides: {@link
 * FastTimingDecoder} (falling back to the codec, which names a decoding problem), then {@link
 * TimingRules#firstViolation} (whose reason the dead letter carries), then the columns' validation;
 * an accepted one is then written (re-encoded once if an older writer sent it). Either way a
 * record's fate and row are a pure function of its bytes, its Kafka timestamp and the rule limits,
 * so a replayed range yields the same rows (DESIGN.md). Not thread-safe: one range, one writer
 * thread.
 */
final class TimingRangeDecoder implements SinkTable.Decoder<TimingRow> {
  private static final AvroCodec<RequestTiming> TIMINGS = AvroCodec.of(RequestTiming.class);

  /** The single-object header of a message of the current writer schema. */
  private static final byte[] CURRENT_HEADER =
      Arrays.copyOf(
          TIMINGS.encode(
              RequestTiming.newBuilder()
                  .setRequestId("")
                  .setEventTimeMs(0)
                  .setRegion("")
                  .setTier("")
                  .setModel("")
                  .setStatus(RequestStatus.OK)
                  .setE2eMs(0)
                  .build()),
          TimingNativeEncoder.HEADER);

  /** Decoders keep a cursor: one per writer thread. */
  private static final ThreadLocal<FastTimingDecoder> DECODERS =
      ThreadLocal.withInitial(FastTimingDecoder::new);

  private final TimingRules rules;
  private final FastTimingRules fastRules;
  private final TimingBlock block;
  private final TimingNativeEncoder parser;
  private int fullDecisions;

  TimingRangeDecoder(TimingRules rules, FastTimingRules fastRules, int records) {
    this.rules = rules;
    this.fastRules = fastRules;
    this.block = new TimingBlock(records);
    this.parser = new TimingNativeEncoder(TimingColumns.NAMES, block);
  }

  @Override
  public TimingRow decode(byte[] bytes, long timestampMs) {
    if (hasCurrentHeader(bytes)) {
      int row = parser.tryAppend(bytes, fastRules, timestampMs);
      if (row >= 0) {
        return new TimingRow(block, row, bytes);
      }
    }
    fullDecisions++;
    byte[] message = judge(bytes, timestampMs, rules);
    return new TimingRow(block, parser.append(message), message);
  }

  /** Records this range decided the slow way (the one parse was not sure of them). */
  int fullDecisions() {
    return fullDecisions;
  }

  private static boolean hasCurrentHeader(byte[] bytes) {
    return bytes != null
        && bytes.length > CURRENT_HEADER.length
        && Arrays.equals(bytes, 0, CURRENT_HEADER.length, CURRENT_HEADER, 0, CURRENT_HEADER.length);
  }

  /**
   * The full decision, as the streams app decodes and judges: the message to store (as received
   * when it has the current writer schema, else re-encoded once), or the exception that
   * dead-letters the record with its reason.
   */
  static byte[] judge(byte[] bytes, long timestampMs, TimingRules rules) {
    RequestTiming t = DECODERS.get().decode(bytes);
    TimingRules.Violation violation = rules.firstViolation(t, timestampMs);
    if (violation != null) {
      throw new RejectedRecordException(violation);
    }
    if (hasCurrentHeader(bytes)) {
      TimingNativeEncoder.validate(bytes, TimingColumns.NAMES); // so appending cannot fail
      return bytes;
    }
    return TIMINGS.encode(t);
  }
}
