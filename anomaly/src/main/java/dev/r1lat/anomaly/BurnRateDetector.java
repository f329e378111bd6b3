package dev.r1lat.anomaly;

import dev.r1lat.anomaly.DetectorConfig.Burn;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.Severity;
import java.util.List;
import java.util.Locale;

/**
 * Multi-window, multi-burn-rate SLO alerts (Google SRE workbook): the bad-event ratio is
 * overSloCount/count, the error budget is 1 - target. Page (CRITICAL) when the budget burns at
 * 14.4x over 1 h AND 5 min, ticket (WARNING) at 6x over 6 h AND 30 min. The short window makes the
 * alert stop soon after the burn stops, so it opens at once without further hysteresis.
 */
final class BurnRateDetector implements Detector {
  static final double PAGE_BURN = 14.4;
  static final double TICKET_BURN = 6.0;
  private static final long MINUTE_MS = 60_000;

  /** Requests the short window needs before a burn rate means anything. */
  static final long MIN_SHORT_REQUESTS = 10;

  private final Burn cfg;
  private final long stepMs;

  BurnRateDetector(Burn cfg, long stepMs) {
    this.cfg = cfg;
    this.stepMs = stepMs;
  }

  @Override
  public List<Verdict> evaluate(SeriesKey key, WindowPoint p, DetectorState state) {
    if (!cfg.covers(key.component()) || !p.hasSlo() && p.count() > 0) {
      return List.of();
    }
    double budget = 1 - cfg.sloTarget();
    CountRing counts = state.counts();
    double b5m = burn(counts, 5, budget);
    double b30m = burn(counts, 30, budget);
    double b1h = burn(counts, 60, budget);
    double b6h = burn(counts, 360, budget);
    boolean page = b1h >= PAGE_BURN && b5m >= PAGE_BURN;
    boolean ticket = b6h >= TICKET_BURN && b30m >= TICKET_BURN;
    String summary =
        page || !ticket
            ? String.format(
                Locale.ROOT,
                "%s SLO budget burning %.1fx over 1 h and %.1fx over 5 min (page at %.1fx, target"
                    + " %s)",
                key.component(),
                b1h,
                b5m,
                PAGE_BURN,
                Reasons.percent(cfg.sloTarget()))
            : String.format(
                Locale.ROOT,
                "%s SLO budget burning %.1fx over 6 h and %.1fx over 30 min (ticket at %.1fx,"
                    + " target %s)",
                key.component(),
                b6h,
                b30m,
                TICKET_BURN,
                Reasons.percent(cfg.sloTarget()));
    double observed = page ? b1h : b6h;
    double threshold = page ? PAGE_BURN : TICKET_BURN;
    if (!page && !ticket && shortWindowEmpty(counts)) {
      // no requests to judge the burn by lately: no data, not a recovery
      return List.of(Verdict.noData(AnomalyKind.BURN_RATE, "burn_rate", b1h, summary));
    }
    if (!page && !ticket) {
      return List.of(Verdict.good(AnomalyKind.BURN_RATE, "burn_rate", b1h, PAGE_BURN, summary));
    }
    return List.of(
        new Verdict(
            AnomalyKind.BURN_RATE,
            "burn_rate",
            true,
            true,
            page ? Severity.CRITICAL : Severity.WARNING,
            observed,
            threshold,
            observed / threshold,
            summary));
  }

  /** Too few requests in the last 5 minutes for the short window to say anything. */
  private boolean shortWindowEmpty(CountRing counts) {
    int windows = (int) Math.min(CountRing.CAPACITY, Math.max(1, 5 * MINUTE_MS / stepMs));
    return counts.sum(0, windows).count() < MIN_SHORT_REQUESTS;
  }

  /**
   * Burn rate over the last {@code minutes}; 0 until that whole window has been observed (a fresh
   * series must not page on its first minutes) and holds enough requests.
   */
  private double burn(CountRing counts, int minutes, double budget) {
    int windows = (int) Math.min(CountRing.CAPACITY, Math.max(1, minutes * MINUTE_MS / stepMs));
    if (counts.span() < windows) {
      return 0;
    }
    CountRing.Totals t = counts.sum(0, windows);
    return t.count() < MIN_SHORT_REQUESTS ? 0 : t.overRate() / budget;
  }
}
