package dev.r1lat.ingest.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.TimingRules.Violation;

/**
 * The per-event errors of a 400 answer, capped: the first {@code maxListed} are listed (index,
 * request id, field, reason), the rest only counted, so a body of 358k unknown fields answers in a
 * few kilobytes rather than 34 MB. Not thread-safe (one per request).
 */
final class ErrorList {
  private final int maxListed;
  private final ArrayNode listed = TimingJson.mapper().createArrayNode();
  private long total;

  ErrorList(int maxListed) {
    this.maxListed = maxListed;
  }

  /** How many more errors would still be listed. */
  int room() {
    return Math.max(0, maxListed - listed.size());
  }

  void add(int index, String requestId, Violation v) {
    total++;
    if (listed.size() >= maxListed) {
      return;
    }
    ObjectNode e = listed.addObject();
    e.put("index", index);
    if (requestId != null) {
      e.put("requestId", requestId);
    }
    e.put("field", v.field());
    e.put("reason", v.reason());
  }

  /** Errors that exist but were not kept (counted only). */
  void addUnlisted(long n) {
    total += n;
  }

  long total() {
    return total;
  }

  /** Writes {@code errors} (the listed ones) and {@code errorCount} (all of them). */
  void writeTo(ObjectNode out) {
    out.set("errors", listed.deepCopy());
    out.put("errorCount", total);
    if (total > listed.size()) {
      out.put(
          "errorsNote",
          "first " + listed.size() + " of " + total + " errors listed; fix these and resend");
    }
  }
}
