package dev.r1lat.deploy;

import dev.r1lat.cli.CliSurface;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Secrets;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.ingest.otlp.OtlpSettings;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.streams.StreamsSettings;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Whether an r1lat container names only what its command really reads: its arguments parse with the
 * real command line, every {@code --set} key and {@code R1LAT_*} variable is a key of the modules
 * the command runs (or a Kafka client setting Kafka knows), every value parses, every container
 * port is the port a setting makes the process listen on (on a reachable address), and every file a
 * setting names lies on a mounted volume.
 */
public final class SettingsCheck {
  private static final String KAFKA_ENV = "R1LAT_KAFKA_";

  /**
   * A port a command listens on: its port setting, the bind address setting beside it, and the
   * switch that turns the listener on (null: always on).
   */
  record Listener(ConfigKey<Integer> port, ConfigKey<String> bind, ConfigKey<Boolean> enabled) {}

  /** The listeners of each command. */
  static final Map<String, List<Listener>> LISTENERS =
      Map.of(
          "gateway",
          List.of(
              new Listener(IngestSettings.GATEWAY_PORT, IngestSettings.GATEWAY_BIND, null),
              new Listener(OtlpSettings.GRPC_PORT, OtlpSettings.BIND, OtlpSettings.ENABLED),
              new Listener(OtlpSettings.HTTP_PORT, OtlpSettings.BIND, OtlpSettings.ENABLED)),
          "streams",
          List.of(new Listener(StreamsSettings.METRICS_PORT, StreamsSettings.METRICS_BIND, null)),
          "sink",
          List.of(new Listener(SinkSettings.METRICS_PORT, SinkSettings.METRICS_BIND, null)));

  private SettingsCheck() {}

  public static List<String> problems(Containers.Container c) {
    List<String> out = new ArrayList<>();
    String where = c.workload() + "/" + Yamls.str(c.spec(), "name");
    CliSurface.Parsed parsed;
    try {
      parsed = CliSurface.parse(c.args());
    } catch (RuntimeException e) {
      return List.of(where + ": args " + c.args() + " do not parse: " + e.getMessage());
    }
    List<ConfigKey<?>> keys = CliSurface.keysOf(parsed.command());
    if (keys == null) {
      return List.of(where + ": command '" + parsed.command() + "' is not one the manifests run");
    }
    List<String> families = CliSurface.familiesOf(parsed.command());
    Set<String> names = new HashSet<>();
    keys.forEach(k -> names.add(k.name()));
    parsed
        .sets()
        .keySet()
        .forEach(
            k -> {
              if (!names.contains(k) && families.stream().noneMatch(k::startsWith)) {
                out.add(where + ": --set " + k + " is no setting of '" + parsed.command() + "'");
              }
            });
    Map<String, String> plainEnv = new LinkedHashMap<>();
    c.env()
        .forEach(
            (name, value) -> {
              String problem = envProblem(name, keys, parsed.command());
              if (problem != null) {
                out.add(where + ": " + problem);
              } else if (!name.endsWith("_FILE") && name.startsWith("R1LAT_")) {
                plainEnv.put(name, value);
              }
            });
    if (!out.isEmpty()) {
      return out;
    }
    Settings settings;
    try {
      settings = Settings.load(keys, null, plainEnv, parsed.sets());
    } catch (RuntimeException e) {
      return List.of(where + ": settings do not load: " + e.getMessage());
    }
    out.addAll(portProblems(where, c, parsed.command(), settings));
    out.addAll(fileProblems(where, c));
    return out;
  }

  static String envProblem(String name, List<ConfigKey<?>> keys, String command) {
    if (name.equals("JAVA_TOOL_OPTIONS")) {
      return null;
    }
    boolean fileRef = name.endsWith("_FILE");
    String base = fileRef ? name.substring(0, name.length() - "_FILE".length()) : name;
    for (ConfigKey<?> k : keys) {
      if (k.envName().equals(base)) {
        return !fileRef || Secrets.isSecret(k.name())
            ? null
            : name + ": " + k.name() + " is no secret, it cannot come from a file";
      }
    }
    if (base.startsWith(KAFKA_ENV) && CliSurface.usesKafka(command)) {
      String client = base.substring(KAFKA_ENV.length()).toLowerCase(Locale.ROOT).replace('_', '.');
      if (fileRef && !Secrets.isSecret(client)) {
        return name + ": kafka." + client + " is no secret, it cannot come from a file";
      }
      return kafkaClientSettings(command).contains(client)
          ? null
          : name + ": kafka." + client + " is no Kafka client setting";
    }
    return name + " is no variable '" + command + "' reads";
  }

  /** The settings Kafka's own clients of the command know (Streams for the streams app). */
  static Set<String> kafkaClientSettings(String command) {
    Set<String> out = new HashSet<>();
    out.addAll(ProducerConfig.configNames());
    out.addAll(ConsumerConfig.configNames());
    out.addAll(AdminClientConfig.configNames());
    if (command.equals("streams")) {
      out.addAll(StreamsConfig.configDef().names());
      for (Field f : TopicConfig.class.getFields()) {
        if (f.getName().endsWith("_CONFIG")) {
          try {
            out.add(StreamsConfig.TOPIC_PREFIX + f.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return out;
  }

  static List<String> portProblems(
      String where, Containers.Container c, String command, Settings settings) {
    List<String> out = new ArrayList<>();
    Map<Integer, String> listening = new LinkedHashMap<>();
    for (Listener l : LISTENERS.getOrDefault(command, List.of())) {
      int port = settings.get(l.port());
      String bind = settings.get(l.bind());
      boolean on = l.enabled() == null || settings.get(l.enabled());
      if (on && port != 0) {
        listening.put(port, l.port().name() + " on " + l.bind().name() + "=" + bind);
      }
    }
    List<Map<String, Object>> ports = Yamls.list(c.spec(), "ports");
    Set<String> portNames = new HashSet<>();
    for (Map<String, Object> p : ports) {
      portNames.add(Yamls.str(p, "name"));
      int port = Integer.parseInt(Yamls.str(p, "containerPort"));
      String listener = listening.get(port);
      if (listener == null) {
        out.add(where + ": containerPort " + port + " is no port it listens on " + listening);
      } else if (!listener.endsWith("=0.0.0.0")) {
        out.add(where + ": containerPort " + port + " is only on " + listener);
      }
    }
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      String port = Yamls.str(c.spec(), probe + ".httpGet.port");
      if (port != null && !portNames.contains(port) && !ports.toString().contains("=" + port)) {
        out.add(where + ": " + probe + " on port " + port + " the container does not declare");
      }
    }
    Object scrape = Yamls.map(c.podTemplate(), "metadata.annotations").get("prometheus.io/port");
    if (scrape != null && !listening.containsKey(Integer.parseInt(scrape.toString()))) {
      out.add(where + ": prometheus.io/port " + scrape + " is no port it listens on " + listening);
    }
    return out;
  }

  /** Every path a setting names (secret files, trust stores, state) lies on a mounted volume. */
  static List<String> fileProblems(String where, Containers.Container c) {
    List<String> out = new ArrayList<>();
    Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
    for (Map<String, Object> v : Yamls.list(c.podTemplate(), "spec.volumes")) {
      volumes.put(Yamls.str(v, "name"), v);
    }
    c.env()
        .forEach(
            (name, value) -> {
              boolean path =
                  name.endsWith("_FILE")
                      || name.endsWith("_LOCATION")
                      || name.endsWith("_CERTIFICATE")
                      || name.endsWith("_DIR");
              if (path
                  && name.startsWith("R1LAT_")
                  && !value.isBlank()
                  && !mounted(c, volumes, value)) {
                out.add(where + ": " + name + "=" + value + " is on no volume the pod mounts");
              }
            });
    return out;
  }

  private static boolean mounted(
      Containers.Container c, Map<String, Map<String, Object>> volumes, String path) {
    for (Map<String, Object> m : Yamls.list(c.spec(), "volumeMounts")) {
      String mount = Yamls.str(m, "mountPath");
      if (!path.equals(mount) && !path.startsWith(mount + "/")) {
        continue;
      }
      Map<String, Object> volume = volumes.get(Yamls.str(m, "name"));
      if (volume == null) {
        return c.claims().contains(Yamls.str(m, "name"));
      }
      String rest = path.equals(mount) ? "" : path.substring(mount.length() + 1);
      List<Map<String, Object>> items = Yamls.list(volume, "secret.items");
      if (items.isEmpty()) {
        items = Yamls.list(volume, "configMap.items");
      }
      return rest.isEmpty()
          || items.isEmpty()
          || items.stream().anyMatch(i -> rest.equals(Yamls.str(i, "path")));
    }
    return false;
  }
}
