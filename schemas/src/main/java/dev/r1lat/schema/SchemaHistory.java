package dev.r1lat.schema;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The committed versions of one record schema, oldest first, read from {@code
 * avro-history/NAME/vN.avsc} on the classpath. Readers register all of them so that bytes written
 * by any released producer still decode (single-object encoding carries only the writer schema's
 * fingerprint, not the schema).
 */
public final class SchemaHistory {
  private SchemaHistory() {}

  public static List<Schema> versions(String recordName) {
    List<Schema> versions = new ArrayList<>();
    for (int v = 1; ; v++) {
      String path = "avro-history/" + recordName + "/v" + v + ".avsc";
      try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          return List.copyOf(versions);
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read schema " + path, e);
      }
    }
  }
}
