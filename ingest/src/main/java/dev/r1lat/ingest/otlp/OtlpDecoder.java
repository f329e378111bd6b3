package dev.r1lat.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.ingest.gateway.BodyLimits;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An OTLP/HTTP body to an {@link ExportTraceServiceRequest}: binary protobuf ({@code
 * application/x-protobuf}) or OTLP/JSON ({@code application/json}), optionally gzip, bounded by
 * {@code gateway.max-request-bytes} on the wire and after decoding. OTLP/JSON differs from
 * protobuf's canonical JSON in one point that matters here: trace and span ids are hex, not base64,
 * so they are converted before parsing (else a JSON export would get other fallback request ids
 * than the same export in protobuf).
 */
public final class OtlpDecoder {
  /** A body that cannot be read as an OTLP traces request: HTTP 400 / INVALID_ARGUMENT. */
  public static final class Undecodable extends Exception {
    private static final long serialVersionUID = 1L;

    Undecodable(String message) {
      super(message, null, false, false);
    }
  }

  /** A body over the byte limit: HTTP 413. */
  public static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message, null, false, false);
    }
  }

  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();
  private final BodyLimits limits;

  public OtlpDecoder(BodyLimits limits) {
    this.limits = limits;
  }

  /** Whether {@code contentType} is OTLP/JSON (else protobuf is expected). */
  public static boolean isJson(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
  }

  /** Whether {@code contentType} is one of the two OTLP/HTTP encodings. */
  public static boolean isSupported(String contentType) {
    return isJson(contentType)
        || (contentType != null
            && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/x-protobuf"));
  }

  public ExportTraceServiceRequest decode(InputStream raw, boolean json, boolean gzip)
      throws Undecodable, TooLarge {
    try (InputStream in = limits.open(raw, gzip)) {
      return json ? fromJson(in) : ExportTraceServiceRequest.parseFrom(in);
    } catch (dev.r1lat.ingest.gateway.BoundedInputStream.TooLarge e) {
      throw new TooLarge(limits.tooLarge());
    } catch (InvalidProtocolBufferException e) {
      // protobuf wraps the stream's own failures: the byte limit is a 413, not a bad body
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof dev.r1lat.ingest.gateway.BoundedInputStream.TooLarge) {
          throw new TooLarge(limits.tooLarge());
        }
      }
      throw new Undecodable("not an OTLP ExportTraceServiceRequest: " + e.getMessage());
    } catch (IOException e) {
      throw new Undecodable("could not read the body (gzip?): " + e.getMessage());
    }
  }

  private static ExportTraceServiceRequest fromJson(InputStream in)
      throws IOException, Undecodable {
    JsonNode root;
    try {
      root = TimingJson.mapper().readTree(in);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Undecodable("malformed JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new Undecodable("an OTLP/JSON body is one ExportTraceServiceRequest object");
    }
    for (JsonNode rs : root.path("resourceSpans")) {
      for (JsonNode ss : rs.path("scopeSpans")) {
        for (JsonNode span : ss.path("spans")) {
          hexToBase64(span, "traceId", "spanId", "parentSpanId");
          for (JsonNode link : span.path("links")) {
            hexToBase64(link, "traceId", "spanId");
          }
        }
      }
    }
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    JSON.merge(TimingJson.mapper().writeValueAsString(root), b);
    return b.build();
  }

  private static void hexToBase64(JsonNode node, String... fields) throws Undecodable {
    if (!(node instanceof ObjectNode o)) {
      return;
    }
    for (String f : fields) {
      JsonNode v = o.get(f);
      if (v != null && v.isTextual() && !v.asText().isEmpty()) {
        try {
          o.put(f, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v.asText())));
        } catch (IllegalArgumentException e) {
          throw new Undecodable(f + " is not hex: " + v.asText());
        }
      }
    }
  }
}
