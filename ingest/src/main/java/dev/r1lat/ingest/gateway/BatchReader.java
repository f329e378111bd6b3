package dev.r1lat.ingest.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.schema.TimingRules.Kind;
import dev.r1lat.schema.TimingRules.Violation;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Reads a request body (one event object or an array of them) as a stream, one event at a time:
 * each is built, checked by {@link TimingRules} against the arrival time, and kept only if valid.
 * Memory is bounded by the valid events (at most {@code gateway.max-batch-records}) and the listed
 * errors, not by the body: the record cap is enforced before the event past it is built, so a 4 MiB
 * body of a million empty objects stops at the cap instead of becoming a million trees.
 */
final class BatchReader {
  /** A body refused as a whole (malformed, too large, too many events): nothing is written. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Reply reply;

    Refused(int status, String reason) {
      super(reason, null, false, false);
      this.reply = Reply.error(status, reason);
    }
  }

  /** The events of one body: the valid ones, and every refusal counted by reason class. */
  record Batch(List<RequestTiming> valid, Map<Kind, Integer> rejectedByKind, ErrorList errors) {
    int rejected() {
      return rejectedByKind.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final BodyLimits limits;
  private final TimingRules rules;

  BatchReader(BodyLimits limits, TimingRules rules) {
    this.limits = limits;
    this.rules = rules;
  }

  /**
   * @param arrivalMs when the request arrived: the "sent" time of every event in it (future-skew
   *     and age rules)
   */
  Batch read(InputStream raw, boolean gzip, long arrivalMs) throws Refused, IOException {
    Batch batch =
        new Batch(
            new ArrayList<>(), new EnumMap<>(Kind.class), new ErrorList(limits.maxErrorsListed()));
    // closing the parser ends the gzip inflater; the raw body stays open for the caller to drain
    InputStream shielded =
        new FilterInputStream(raw) {
          @Override
          public void close() {}
        };
    try (InputStream in = limits.open(shielded, gzip);
        JsonParser p = TimingJson.mapper().createParser(in)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        event(p, 0, arrivalMs, batch);
      } else if (first == JsonToken.START_ARRAY) {
        int index = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          if (t == null) {
            throw new Refused(400, "malformed JSON: unexpected end of input in the array");
          }
          if (index >= limits.maxRecords()) {
            throw new Refused(413, limits.tooManyRecords());
          }
          event(p, index++, arrivalMs, batch);
        }
      } else {
        throw new Refused(400, "body must be one event object or an array of event objects");
      }
      return batch;
    } catch (BoundedInputStream.TooLarge e) {
      throw new Refused(413, limits.tooLarge());
    } catch (ZipException | EOFException e) {
      throw new Refused(400, "body is not valid gzip: " + e.getMessage());
    } catch (JsonProcessingException e) {
      throw new Refused(400, "malformed JSON: " + e.getOriginalMessage());
    }
  }

  private void event(JsonParser p, int index, long arrivalMs, Batch batch) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      refuse(batch, index, null, List.of(new Violation("", "an event must be a JSON object")), 0);
      return;
    }
    TimingJson.Streamed read = TimingJson.read(p, batch.errors().room());
    List<Violation> violations =
        read.parsed().ok()
            ? rules.violations(read.parsed().timing(), arrivalMs)
            : read.parsed().violations();
    if (violations.isEmpty()) {
      batch.valid().add(read.parsed().timing());
    } else {
      refuse(batch, index, read.requestId(), violations, read.unlisted());
    }
  }

  /** Counted under the kind of its first violation, as the streams app and the sink route it. */
  private static void refuse(
      Batch batch, int index, String requestId, List<Violation> violations, int unlisted) {
    batch.rejectedByKind().merge(violations.get(0).kind(), 1, Integer::sum);
    for (Violation v : violations) {
      batch.errors().add(index, requestId, v);
    }
    batch.errors().addUnlisted(unlisted);
  }
}
