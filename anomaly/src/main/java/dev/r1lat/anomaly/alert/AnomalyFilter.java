package dev.r1lat.anomaly.alert;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.Locale;
import java.util.function.Predicate;

/** Which anomaly events to show: any kind, region and state unless one is given. */
public record AnomalyFilter(AnomalyKind kind, String region, AnomalyState state)
    implements Predicate<LatencyAnomaly> {

  public static AnomalyFilter all() {
    return new AnomalyFilter(null, null, null);
  }

  /** Parses the command-line spellings (case-insensitive); null or blank means any. */
  public static AnomalyFilter of(String kind, String region, String state) {
    return new AnomalyFilter(
        blank(kind) ? null : parse(AnomalyKind.class, kind),
        blank(region) ? null : region,
        blank(state) ? null : parse(AnomalyState.class, state));
  }

  @Override
  public boolean test(LatencyAnomaly a) {
    return (kind == null || a.getKind() == kind)
        && (region == null || region.equals(a.getRegion()))
        && (state == null || a.getState() == state);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String text) {
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      StringBuilder names = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        names.append(names.length() == 0 ? "" : ", ").append(c.name());
      }
      throw new IllegalArgumentException("'" + text + "' is not one of " + names);
    }
  }
}
