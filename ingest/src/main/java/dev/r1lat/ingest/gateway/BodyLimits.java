package dev.r1lat.ingest.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * What one request body may cost, independent of the HTTP server: bytes on the wire and after gzip
 * decoding ({@code gateway.max-request-bytes}), events ({@code gateway.max-batch-records}, enforced
 * by {@link BatchReader} while it streams, before the next event is built) and errors listed in a
 * 400 answer. The body is never held whole in memory: it is parsed as it arrives.
 */
public record BodyLimits(int maxBytes, int maxRecords, int maxErrorsListed) {
  /** Errors a 400 answer lists; the rest are counted in {@code errorCount}. */
  public static final int DEFAULT_MAX_ERRORS_LISTED = 100;

  public BodyLimits {
    if (maxBytes < 1 || maxRecords < 1 || maxErrorsListed < 0) {
      throw new IllegalArgumentException("body limits must be >= 1 (errors listed >= 0)");
    }
  }

  public static BodyLimits of(GatewayConfig config) {
    return new BodyLimits(
        config.maxRequestBytes(), config.maxBatchRecords(), DEFAULT_MAX_ERRORS_LISTED);
  }

  /**
   * The answer the headers alone decide (415 for an encoding other than gzip, 413 for a declared
   * length over the limit, 400 for a length that is not a number), or empty to read the body.
   */
  public Optional<Reply> checkHeaders(String contentEncoding, String contentLength) {
    if (isEncoded(contentEncoding) && !isGzip(contentEncoding)) {
      return Optional.of(
          Reply.error(
              415, "unsupported Content-Encoding " + contentEncoding + "; use gzip or none"));
    }
    if (contentLength != null) {
      try {
        if (Long.parseLong(contentLength.trim()) > maxBytes) {
          return Optional.of(Reply.error(413, tooLarge()));
        }
      } catch (NumberFormatException e) {
        return Optional.of(Reply.error(400, "bad Content-Length"));
      }
    }
    return Optional.empty();
  }

  /** Whether the body is gzip (after {@link #checkHeaders} passed). */
  public static boolean isGzip(String contentEncoding) {
    return isEncoded(contentEncoding) && contentEncoding.trim().equalsIgnoreCase("gzip");
  }

  private static boolean isEncoded(String contentEncoding) {
    return contentEncoding != null
        && !contentEncoding.isBlank()
        && !contentEncoding.trim().equalsIgnoreCase("identity");
  }

  /**
   * The body as a stream that fails with {@link BoundedInputStream.TooLarge} one byte past the
   * limit, on the wire and (for gzip) again after decoding, so a small gzip bomb is cut off too.
   */
  public InputStream open(InputStream raw, boolean gzip) throws IOException {
    InputStream in = new BoundedInputStream(raw, maxBytes);
    return gzip ? new BoundedInputStream(new GZIPInputStream(in), maxBytes) : in;
  }

  public String tooLarge() {
    return "request body exceeds gateway.max-request-bytes="
        + maxBytes
        + " (on the wire or decompressed); send smaller batches";
  }

  public String tooManyRecords() {
    return "batch has more than gateway.max-batch-records="
        + maxRecords
        + " events; send smaller batches";
  }
}
