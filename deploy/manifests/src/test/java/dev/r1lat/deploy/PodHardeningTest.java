package dev.r1lat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every workload of every overlay: restricted security context, requests and limits, probes on
 * endpoints the process serves, a PodDisruptionBudget and a NetworkPolicy selecting it, and no
 * Secret but its own.
 */
class PodHardeningTest {
  static final List<String> OVERLAYS = Rendered.OVERLAYS;

  /** The HTTP endpoints each long-running container serves (what its code answers 200 on). */
  private static final Map<String, List<String>> ENDPOINTS =
      Map.of(
          "r1lat-gateway", List.of("/health", "/metrics"),
          "r1lat-streams", List.of("/metrics"),
          "r1lat-sink", List.of("/metrics"),
          "r1lat-grafana", List.of("/api/health"));

  /** Secrets that are no credential: CA certificates (Strimzi's cluster CA). */
  private static final List<String> PUBLIC_SECRETS = List.of("r1lat-kafka-cluster-ca-cert");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldRunEveryContainerRestricted(String overlay) {
    List<String> problems = new ArrayList<>();
    for (Containers.Container c : Containers.all(Rendered.overlay(overlay))) {
      String where = c.workload() + "/" + Yamls.str(c.spec(), "name");
      Map<String, Object> pod = Yamls.map(c.podTemplate(), "spec.securityContext");
      Map<String, Object> ctr = Yamls.map(c.spec(), "securityContext");
      check(problems, where + " runAsNonRoot", Boolean.TRUE.equals(pod.get("runAsNonRoot")));
      check(
          problems, where + " runAsUser", Yamls.at(pod, "runAsUser") instanceof Integer u && u > 0);
      check(
          problems,
          where + " seccomp",
          "RuntimeDefault".equals(Yamls.str(pod, "seccompProfile.type")));
      check(
          problems,
          where + " readOnlyRootFilesystem",
          Boolean.TRUE.equals(ctr.get("readOnlyRootFilesystem")));
      check(
          problems,
          where + " no privilege escalation",
          Boolean.FALSE.equals(ctr.get("allowPrivilegeEscalation")));
      check(
          problems, where + " drops ALL", Yamls.strings(ctr, "capabilities.drop").contains("ALL"));
      check(
          problems,
          where + " no service account token",
          Boolean.FALSE.equals(Yamls.at(c.podTemplate(), "spec.automountServiceAccountToken")));
      for (String r : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
        check(problems, where + " resources." + r, Yamls.str(c.spec(), "resources." + r) != null);
      }
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldProbeOnlyEndpointsTheProcessesServe(String overlay) {
    List<String> problems = new ArrayList<>();
    for (Containers.Container c : Containers.all(Rendered.overlay(overlay))) {
      List<String> served = ENDPOINTS.get(c.workload());
      for (String probe : List.of("readinessProbe", "livenessProbe")) {
        String path = Yamls.str(c.spec(), probe + ".httpGet.path");
        if (served != null) {
          check(problems, c.workload() + " " + probe + " " + path, served.contains(path));
        } else {
          check(problems, c.workload() + " serves no HTTP, yet has a " + probe, path == null);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldCoverEveryServiceWithADisruptionBudgetAndANetworkPolicy(String overlay) {
    Rendered r = Rendered.overlay(overlay);
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> w : Containers.workloads(r)) {
      String name = Yamls.str(w, "metadata.name");
      Map<String, Object> labels = Yamls.map(w, "spec.template.metadata.labels");
      boolean policy =
          r.ofKind("NetworkPolicy").stream()
              .anyMatch(
                  p ->
                      selects(Yamls.map(p, "spec.podSelector.matchLabels"), labels)
                          && !Yamls.map(p, "spec.podSelector.matchLabels").isEmpty()
                          && Yamls.strings(p, "spec.policyTypes").contains("Egress"));
      check(problems, name + " has its own NetworkPolicy with egress rules", policy);
      if (!"Job".equals(w.get("kind"))) {
        boolean pdb =
            r.ofKind("PodDisruptionBudget").stream()
                .anyMatch(p -> selects(Yamls.map(p, "spec.selector.matchLabels"), labels));
        check(problems, name + " has a PodDisruptionBudget", pdb);
      }
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldMountOnlyTheComponentsOwnSecret(String overlay) {
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> w : Containers.workloads(Rendered.overlay(overlay))) {
      String name = Yamls.str(w, "metadata.name");
      for (Map<String, Object> v : Yamls.list(w, "spec.template.spec.volumes")) {
        String secret = Yamls.str(v, "secret.secretName");
        if (secret != null && !PUBLIC_SECRETS.contains(secret)) {
          check(problems, name + " mounts " + secret, secret.equals(name + "-secrets"));
          check(
              problems,
              name + " mounts " + secret + " key by key",
              !Yamls.list(v, "secret.items").isEmpty());
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
    return !selector.isEmpty()
        && selector.entrySet().stream()
            .allMatch(
                e -> String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey()))));
  }

  private static void check(List<String> problems, String what, boolean ok) {
    if (!ok) {
      problems.add(what);
    }
  }
}
