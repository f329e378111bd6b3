package dev.r1lat.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pod templates of an overlay's workloads and what each container is configured with. */
public final class Containers {
  private Containers() {}

  /** One container of a workload, with its environment resolved from its ConfigMaps. */
  public record Container(
      String workload,
      Map<String, Object> podTemplate,
      Map<String, Object> spec,
      Map<String, String> env,
      List<String> claims) {
    public String image() {
      return Yamls.str(spec, "image");
    }

    public boolean isR1lat() {
      String image = image();
      return image != null && image.replaceAll(":.*", "").endsWith("r1lat");
    }

    public List<String> args() {
      return Yamls.strings(spec, "args");
    }

    public String label(String name) {
      return Yamls.str(podTemplate, "metadata.labels." + name);
    }
  }

  public static List<Map<String, Object>> workloads(Rendered r) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String kind : List.of("Deployment", "StatefulSet", "Job")) {
      out.addAll(r.ofKind(kind));
    }
    return out;
  }

  public static List<Container> all(Rendered r) {
    List<Container> out = new ArrayList<>();
    for (Map<String, Object> w : workloads(r)) {
      Map<String, Object> template = Yamls.map(w, "spec.template");
      for (Map<String, Object> c : Yamls.list(template, "spec.containers")) {
        out.add(
            new Container(
                Yamls.str(w, "metadata.name"), template, c, environment(r, c), claims(w)));
      }
    }
    return out;
  }

  /** The volumes of a StatefulSet's volumeClaimTemplates (one claim per pod). */
  static List<String> claims(Map<String, Object> workload) {
    return Yamls.list(workload, "spec.volumeClaimTemplates").stream()
        .map(t -> Yamls.str(t, "metadata.name"))
        .toList();
  }

  /** envFrom ConfigMaps first, then env (which wins, as in Kubernetes). */
  static Map<String, String> environment(Rendered r, Map<String, Object> container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> from : Yamls.list(container, "envFrom")) {
      String cm = Yamls.str(from, "configMapRef.name");
      if (cm != null) {
        Yamls.map(r.configMap(cm), "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
      }
      if (from.containsKey("secretRef")) {
        throw new AssertionError("secrets come as files, never as envFrom: " + from);
      }
    }
    for (Map<String, Object> e : Yamls.list(container, "env")) {
      if (e.containsKey("valueFrom")) {
        throw new AssertionError("secrets come as files, never as env valueFrom: " + e);
      }
      env.put(Yamls.str(e, "name"), Yamls.str(e, "value"));
    }
    return env;
  }
}
