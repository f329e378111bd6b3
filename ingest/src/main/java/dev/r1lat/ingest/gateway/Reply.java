package dev.r1lat.ingest.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.ingest.TimingJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the gateway, independent of the HTTP server that writes it: status, extra headers
 * ({@code Retry-After}, {@code WWW-Authenticate}, ...) and a JSON body.
 */
public record Reply(int status, Map<String, String> headers, ObjectNode body) {

  public Reply {
    headers = Map.copyOf(headers);
  }

  public static Reply of(int status, ObjectNode body) {
    return new Reply(status, Map.of(), body);
  }

  /** A request-level error: nothing accepted, nothing rejected, one reason, no per-event list. */
  public static Reply error(int status, String reason) {
    ObjectNode o = TimingJson.mapper().createObjectNode();
    o.put("accepted", 0);
    o.put("rejected", 0);
    o.put("error", reason);
    o.putArray("errors");
    return of(status, o);
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Reply(status, h, body);
  }
}
