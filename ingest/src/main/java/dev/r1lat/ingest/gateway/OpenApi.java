package dev.r1lat.ingest.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.ingest.TimingJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of the JSON gateway ({@code openapi.json} next to this class, served at
 * {@code GET /openapi.json}). Kept by hand; {@code OpenApiTest} checks its event schema against
 * what {@link TimingJson} accepts and requires, so the two cannot drift apart silently.
 */
public final class OpenApi {
  private static final ObjectNode DOCUMENT = load();

  private OpenApi() {}

  /** A copy of the document. */
  public static ObjectNode document() {
    return DOCUMENT.deepCopy();
  }

  private static ObjectNode load() {
    try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
      return (ObjectNode) TimingJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("openapi.json missing from the ingest jar", e);
    }
  }
}
