package dev.r1lat.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates built-in Kubernetes objects against the typed API models of the fabric8 client
 * (kubernetes-model 8.0.0: the API of Kubernetes v1.36). A kind the models do not know, a value of
 * the wrong type, or a field the API does not have fails: the models keep unknown fields aside
 * (their {@code additionalProperties}) instead of refusing them, so every such map is checked to be
 * empty, all the way down.
 */
public final class KubernetesApi {
  /** The Kubernetes version the fabric8 models of this module follow (README states it). */
  public static final String VERSION = "v1.36";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private KubernetesApi() {}

  /** Problems of one object; empty when it is a valid object of a known built-in kind. */
  public static List<String> problems(Map<String, Object> object) {
    String id = Yamls.str(object, "kind") + "/" + Yamls.str(object, "metadata.name");
    Object typed;
    try {
      typed = SERIALIZATION.unmarshal(SERIALIZATION.asJson(object), KubernetesResource.class);
    } catch (RuntimeException e) {
      return List.of(id + ": not a valid " + Yamls.str(object, "apiVersion") + " object: " + e);
    }
    if (typed instanceof GenericKubernetesResource) {
      return List.of(id + ": " + Yamls.str(object, "apiVersion") + " is no built-in API");
    }
    List<String> out = new ArrayList<>();
    walk(typed, id, out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  /** Whether a group is one of Kubernetes' own (the rest are custom resources). */
  public static boolean isBuiltIn(String apiVersion) {
    if (!apiVersion.contains("/")) {
      return true; // the core group: v1
    }
    String group = apiVersion.substring(0, apiVersion.indexOf('/'));
    return !group.contains(".") || group.endsWith(".k8s.io");
  }

  private static void walk(Object node, String path, List<String> out, Set<Object> seen) {
    if (node == null || !seen.add(node)) {
      return;
    }
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", out, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, out, seen));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = invoke(getter, node);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": unknown field(s) " + extra.keySet());
        }
      } else {
        walk(value, path + "." + field(getter.getName()), out, seen);
      }
    }
  }

  private static Object invoke(Method getter, Object node) {
    try {
      return getter.invoke(node);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null; // a derived value (e.g. a Quantity's numeric amount), not a field
    }
  }

  private static String field(String getterName) {
    String f = getterName.substring(3);
    return f.isEmpty() ? f : f.substring(0, 1).toLowerCase(Locale.ROOT) + f.substring(1);
  }
}
