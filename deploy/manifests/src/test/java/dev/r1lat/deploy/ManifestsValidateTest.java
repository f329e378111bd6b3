package dev.r1lat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every object of every overlay, rendered by {@code kubectl kustomize}, is a valid object of the
 * Kubernetes API ({@link KubernetesApi#VERSION}) or of an operator CRD kept in deploy/k8s/crds.
 */
class ManifestsValidateTest {
  static final List<String> OVERLAYS = Rendered.OVERLAYS;
  private static final CrdSchemas CRDS = CrdSchemas.load(Rendered.k8sDir().resolve("crds"));

  static List<String> problems(Map<String, Object> object) {
    String apiVersion = Yamls.str(object, "apiVersion");
    if (apiVersion == null || Yamls.str(object, "kind") == null) {
      return List.of("an object without apiVersion or kind: " + object.keySet());
    }
    return KubernetesApi.isBuiltIn(apiVersion)
        ? KubernetesApi.problems(object)
        : CRDS.problems(object);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldRenderOnlyObjectsTheApiOrTheirCrdAccepts(String overlay) {
    Rendered r = Rendered.overlay(overlay);
    List<String> problems = new ArrayList<>();
    r.objects.forEach(o -> problems.addAll(problems(o)));
    assertThat(problems).isEmpty();
    assertThat(r.objects).hasSizeGreaterThan(30);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldRenderEveryKindTheDeploymentNeeds(String overlay) {
    Rendered r = Rendered.overlay(overlay);
    for (String kind :
        List.of(
            "Deployment",
            "StatefulSet",
            "Job",
            "Service",
            "ConfigMap",
            "PodDisruptionBudget",
            "NetworkPolicy",
            "KafkaTopic",
            "KafkaUser",
            "ClickHouseInstallation",
            "ClickHouseKeeperInstallation")) {
      assertThat(r.ofKind(kind)).as(overlay + " " + kind).isNotEmpty();
    }
  }

  @Test
  void shouldRefuseAFieldTheKubernetesApiDoesNotHave() {
    Map<String, Object> deployment =
        copy(Rendered.overlay("prod").find("Deployment", "r1lat-sink"));
    Yamls.map(deployment, "spec").put("replicaz", 3);
    assertThat(problems(deployment)).anyMatch(p -> p.contains("replicaz"));
    Map<String, Object> container = Yamls.list(deployment, "spec.template.spec.containers").get(0);
    container.put("readOnlyRootFilesystem", true); // belongs in securityContext
    assertThat(problems(deployment)).anyMatch(p -> p.contains("readOnlyRootFilesystem"));
  }

  @Test
  void shouldRefuseAWrongTypeOrUnknownKind() {
    Map<String, Object> service = copy(Rendered.overlay("prod").find("Service", "r1lat-gateway"));
    Yamls.map(service, "spec").put("ports", "http");
    assertThat(problems(service)).isNotEmpty();
    Map<String, Object> unknown = new LinkedHashMap<>(service);
    unknown.put("kind", "Servise");
    assertThat(problems(unknown)).isNotEmpty();
  }

  @Test
  void shouldRefuseAFieldOrValueTheOperatorsCrdDoesNotHave() {
    Map<String, Object> topic = copy(Rendered.overlay("prod").ofKind("KafkaTopic").get(0));
    Yamls.map(topic, "spec").put("partitionz", 3);
    assertThat(problems(topic)).anyMatch(p -> p.contains("partitionz"));

    Map<String, Object> user = copy(Rendered.overlay("prod").ofKind("KafkaUser").get(0));
    Yamls.list(user, "spec.authorization.acls").get(0).put("operations", List.of("Wrte"));
    assertThat(problems(user)).isNotEmpty();

    Map<String, Object> chi =
        copy(Rendered.overlay("prod").ofKind("ClickHouseInstallation").get(0));
    Yamls.list(chi, "spec.configuration.clusters").get(0).put("shardCount", 2);
    assertThat(problems(chi)).anyMatch(p -> p.contains("shardCount"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(java.util.Optional<Map<String, Object>> object) {
    return (Map<String, Object>) deepCopy(object.orElseThrow());
  }

  static Map<String, Object> copy(Map<String, Object> object) {
    return copy(java.util.Optional.of(object));
  }

  private static Object deepCopy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k.toString(), deepCopy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      return new ArrayList<>(l.stream().map(ManifestsValidateTest::deepCopy).toList());
    }
    return o;
  }
}
