package dev.r1lat.ingest.otlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns a GPU product or host type into a tier label: "NVIDIA-H100-80GB-HBM3" is {@code H100},
 * "p5.48xlarge" is {@code H100} by its {@code p5.=H100} entry. An entry {@code NAME} matches a
 * value containing NAME (case-insensitive; longest names first, so L40S wins over L4); an entry
 * {@code PREFIX=TIER} matches a value starting with PREFIX. A value no entry matches is kept as it
 * is, so a new GPU shows up under its own name rather than under a wrong tier.
 */
public record TierTable(List<Entry> entries) {

  /** One table entry: contained name, or prefix mapped to a tier. */
  public record Entry(String pattern, String tier, boolean prefix) {}

  public TierTable {
    entries = List.copyOf(entries);
  }

  /** {@code "H100,A100,p5.=H100"}. */
  public static TierTable parse(String csv) {
    List<Entry> out = new ArrayList<>();
    for (String item : SpanMapping.list(csv)) {
      int eq = item.indexOf('=');
      out.add(
          eq < 0
              ? new Entry(item.toUpperCase(Locale.ROOT), item, false)
              : new Entry(
                  item.substring(0, eq).trim().toUpperCase(Locale.ROOT),
                  item.substring(eq + 1).trim(),
                  true));
    }
    out.sort(Comparator.comparingInt((Entry e) -> -e.pattern().length()));
    return new TierTable(out);
  }

  /** The tier of {@code value}, or the trimmed value itself when no entry matches. */
  public String normalise(String value) {
    String v = value.trim();
    String upper = v.toUpperCase(Locale.ROOT);
    for (Entry e : entries) {
      if (e.prefix() ? upper.startsWith(e.pattern()) : containsToken(upper, e.pattern())) {
        return e.tier();
      }
    }
    return v;
  }

  /**
   * Contained and not glued to a letter or digit on the right ("H100" in "H100-80GB", not "H1000").
   */
  private static boolean containsToken(String value, String name) {
    for (int i = value.indexOf(name); i >= 0; i = value.indexOf(name, i + 1)) {
      int end = i + name.length();
      if (end == value.length() || !Character.isLetterOrDigit(value.charAt(end))) {
        return true;
      }
    }
    return false;
  }
}
