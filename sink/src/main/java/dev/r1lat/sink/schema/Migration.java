package dev.r1lat.sink.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One versioned file of sql/, e.g. {@code V003__latency_stats_1m.sql}. Immutable. */
public record Migration(int version, String name, String text) {
  private static final Pattern FILE = Pattern.compile("V(\\d{3,})__([a-z0-9_]+)\\.sql");

  public static Migration of(String fileName, String text) {
    Matcher m = FILE.matcher(fileName);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "sql/" + fileName + " is not named V<version>__<name>.sql (lowercase, digits, _)");
    }
    return new Migration(Integer.parseInt(m.group(1)), m.group(2), text);
  }

  /** SHA-256 of the template text: an applied file that changes afterwards is an error. */
  public String checksum() {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  public boolean requiresAccessManagement() {
    return SqlTemplate.requiresAccessManagement(text);
  }

  public String fileName() {
    return String.format("V%03d__%s.sql", version, name);
  }
}
