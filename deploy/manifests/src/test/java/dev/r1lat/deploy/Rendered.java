package dev.r1lat.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The objects of one overlay of deploy/k8s, as {@code kubectl kustomize} renders them: the very
 * command a user runs. kubectl comes from PATH (Debian's kubernetes-client; .ci/run installs it).
 */
public final class Rendered {
  public static final List<String> OVERLAYS = List.of("dev", "prod");
  private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

  public final String overlay;
  public final List<Map<String, Object>> objects;

  private Rendered(String overlay, List<Map<String, Object>> objects) {
    this.overlay = overlay;
    this.objects = List.copyOf(objects);
  }

  /** The repository's deploy/k8s directory (tests run in deploy/manifests). */
  public static Path k8sDir() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy/k8s/base"))) {
        return p.resolve("deploy/k8s");
      }
    }
    throw new IllegalStateException("no deploy/k8s above " + dir);
  }

  public static Rendered overlay(String name) {
    return CACHE.computeIfAbsent(name, n -> new Rendered(n, parseAll(kustomize(n))));
  }

  static String kustomize(String overlay) {
    Path dir = k8sDir().resolve("overlays").resolve(overlay);
    try {
      Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
      Path err = Files.createTempFile("kustomize-" + overlay, ".err");
      Process p =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl kustomize " + dir + " did not finish");
      }
      String yaml = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      Files.delete(out);
      Files.delete(err);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + stderr);
      }
      return yaml;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run kubectl (install Debian's kubernetes-client, as .ci/run does): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every YAML document of {@code text}, YAML 1.1 with merge keys. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> parseAll(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 * 1024 * 1024);
    options.setMaxAliasesForCollections(10_000); // the Altinity CRDs reuse anchors widely
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object doc : new Yaml(options).loadAll(text)) {
      if (doc != null) {
        out.add((Map<String, Object>) doc);
      }
    }
    return out;
  }

  public List<Map<String, Object>> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  public Optional<Map<String, Object>> find(String kind, String name) {
    return ofKind(kind).stream()
        .filter(o -> name.equals(Yamls.str(o, "metadata.name")))
        .findFirst();
  }

  /** A ConfigMap by its rendered name or the name the base gives it (before the content hash). */
  public Map<String, Object> configMap(String name) {
    return ofKind("ConfigMap").stream()
        .filter(
            o ->
                name.equals(Yamls.str(o, "metadata.name"))
                    || Yamls.str(o, "metadata.name").matches(Pattern.quote(name) + "-[a-z0-9]{10}"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(overlay + ": no ConfigMap " + name));
  }

  @Override
  public String toString() {
    return overlay;
  }
}
