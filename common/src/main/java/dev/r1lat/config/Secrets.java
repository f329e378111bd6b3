package dev.r1lat.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where secrets may come from besides a plain value, and how they are kept out of listings and
 * logs. A secret setting {@code X} (see {@link #isSecret}) can instead be read from a file named by
 * {@code X-file} (environment {@code R1LAT_X_FILE}), the way container secrets are mounted; the
 * file's content, without its trailing line break, becomes the value, and {@code X-file} wins over
 * {@code X}.
 */
public final class Secrets {
  /** Suffix of a setting that names the file holding a secret setting's value. */
  public static final String FILE_SUFFIX = "-file";

  /** What listings print instead of a secret that is set. */
  public static final String MASK = "****";

  private static final Pattern TRAILING_LINE_BREAKS = Pattern.compile("[\\r\\n]+$");

  private Secrets() {}

  /** Secrets never appear in listings or logs: passwords, tokens, JAAS configs, credentials. */
  public static boolean isSecret(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(FILE_SUFFIX)) {
      return false; // the path of a secret file is not the secret
    }
    return n.contains("password")
        || n.contains("secret")
        || n.contains("token")
        || n.contains("jaas")
        || n.contains("credential")
        || n.contains("user.info");
  }

  /** The value as listings show it: a secret that is set becomes {@link #MASK}. */
  public static String display(String name, String value) {
    if (value == null) {
      return null;
    }
    return isSecret(name) && !value.isEmpty() ? MASK : value;
  }

  /**
   * Replaces every {@code X-file} entry of a secret {@code X} by {@code X} read from that file. The
   * map is changed in place; errors name the setting and the path, never the content.
   */
  static void resolveFiles(Map<String, String> values) {
    List<String> fileKeys = new ArrayList<>();
    for (String name : values.keySet()) {
      if (name.endsWith(FILE_SUFFIX) && isSecret(baseName(name))) {
        fileKeys.add(name);
      }
    }
    for (String fileKey : fileKeys) {
      String path = values.remove(fileKey);
      if (path == null || path.isBlank()) {
        continue;
      }
      values.put(baseName(fileKey), read(fileKey, ConfigKey.parsePath(path.trim())));
    }
  }

  /** {@code R1LAT_X_FILE} for a secret {@code X}: the setting name {@code X-file}, else null. */
  static String fileSettingFor(String secretName) {
    return isSecret(secretName) ? secretName + FILE_SUFFIX : null;
  }

  private static String baseName(String fileKey) {
    return fileKey.substring(0, fileKey.length() - FILE_SUFFIX.length());
  }

  private static String read(String setting, Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(setting + "=" + path + ": no such file");
    }
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      return TRAILING_LINE_BREAKS.matcher(text).replaceAll("");
    } catch (IOException e) {
      throw new ConfigException(
          setting + "=" + path + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
  }
}
