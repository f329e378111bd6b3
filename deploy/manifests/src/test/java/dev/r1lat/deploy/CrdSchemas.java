package dev.r1lat.deploy;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' resources checked against the CRDs vendored in deploy/k8s/crds: each served
 * version's {@code openAPIV3Schema}, read as JSON Schema (draft 4, which OpenAPI v3 schemas follow)
 * by networknt's validator, with the Kubernetes extensions given their API-server meaning: an
 * object schema without {@code x-kubernetes-preserve-unknown-fields} has no other fields (the
 * server would silently drop them; here they fail), {@code x-kubernetes-int-or-string} is either,
 * {@code nullable} admits null. CEL rules ({@code x-kubernetes-validations}) are not evaluated.
 */
public final class CrdSchemas {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Map<String, Schema> byApiVersionAndKind;

  private CrdSchemas(Map<String, Schema> schemas) {
    this.byApiVersionAndKind = schemas;
  }

  public static CrdSchemas load(Path dir) {
    Map<String, Schema> out = new HashMap<>();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (Map<String, Object> crd : Rendered.parseAll(Files.readString(f))) {
          if (!"CustomResourceDefinition".equals(crd.get("kind"))) {
            continue;
          }
          String group = Yamls.str(crd, "spec.group");
          String kind = Yamls.str(crd, "spec.names.kind");
          for (Map<String, Object> v : Yamls.list(crd, "spec.versions")) {
            if (Boolean.TRUE.equals(v.get("served"))) {
              Object schema = structural(Yamls.at(v, "schema.openAPIV3Schema"), true);
              out.put(
                  group + "/" + v.get("name") + " " + kind,
                  registry.getSchema(JSON.valueToTree(schema)));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read CRDs in " + dir, e);
    }
    return new CrdSchemas(out);
  }

  public boolean knows(Map<String, Object> object) {
    return byApiVersionAndKind.containsKey(key(object));
  }

  /** Problems of one custom resource; a kind without a vendored CRD is one. */
  public List<String> problems(Map<String, Object> object) {
    String id = Yamls.str(object, "kind") + "/" + Yamls.str(object, "metadata.name");
    Schema schema = byApiVersionAndKind.get(key(object));
    if (schema == null) {
      return List.of(id + ": no CRD in deploy/k8s/crds serves " + key(object));
    }
    List<String> out = new ArrayList<>();
    schema.validate(JSON.valueToTree(object)).forEach(e -> out.add(id + ": " + e));
    return out;
  }

  private static String key(Map<String, Object> object) {
    return Yamls.str(object, "apiVersion") + " " + Yamls.str(object, "kind");
  }

  /** The schema with the API server's reading of the Kubernetes extensions made explicit. */
  @SuppressWarnings("unchecked")
  static Object structural(Object node, boolean root) {
    if (!(node instanceof Map<?, ?> raw)) {
      return node;
    }
    Map<String, Object> in = (Map<String, Object>) raw;
    Map<String, Object> out = new LinkedHashMap<>();
    if (Boolean.TRUE.equals(in.get("x-kubernetes-int-or-string"))) {
      out.put("anyOf", List.of(Map.of("type", "integer"), Map.of("type", "string")));
      return out;
    }
    in.forEach(
        (k, v) -> {
          if (k.startsWith("x-kubernetes-") || k.equals("nullable")) {
            return;
          }
          switch (k) {
            case "properties" -> {
              Map<String, Object> props = new LinkedHashMap<>();
              ((Map<String, Object>) v)
                  .forEach(
                      (name, sub) ->
                          props.put(
                              name,
                              root && name.equals("metadata")
                                  ? Map.of("type", "object") // the API server's own ObjectMeta
                                  : structural(sub, false)));
              out.put(k, props);
            }
            case "items", "additionalProperties", "not" -> out.put(k, structural(v, false));
            case "anyOf", "oneOf", "allOf" ->
                out.put(k, ((List<Object>) v).stream().map(s -> structural(s, false)).toList());
            default -> out.put(k, v);
          }
        });
    if (Boolean.TRUE.equals(in.get("nullable")) && in.get("type") instanceof String t) {
      out.put("type", List.of(t, "null"));
    }
    // only where the type says object: anyOf branches may list properties to require, not to close
    if ("object".equals(in.get("type"))
        && !Boolean.TRUE.equals(in.get("x-kubernetes-preserve-unknown-fields"))
        && !in.containsKey("additionalProperties")) {
      out.put("additionalProperties", false);
    }
    return out;
  }
}
