package dev.r1lat.ingest.sim;

import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.RequestTiming;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes one JSON object per line, field names as in the Avro schema (the gateway's input format),
 * so a simulated run can be replayed through {@code POST /v1/timings} or inspected with jq.
 */
public final class JsonLinesTimingSink implements TimingSink {
  private final BufferedWriter out;

  public JsonLinesTimingSink(OutputStream stream) {
    this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
  }

  @Override
  public void accept(RequestTiming timing) {
    try {
      out.write(TimingJson.toJson(timing));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
