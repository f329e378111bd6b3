package dev.r1lat.sink.report;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts (no script, no external resource): horizontal bars, paired bars, lines,
 * stacked bars. Labels are escaped; sizes are fixed so the page renders the same everywhere.
 */
final class SvgCharts {
  static final String[] PALETTE = {
    "#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"
  };
  private static final int WIDTH = 900;
  private static final int LABEL_W = 170;

  private SvgCharts() {}

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** One bar per label, value printed at the end of the bar. */
  static String bars(String title, List<String> labels, List<Double> values, String unit) {
    int rowH = 26;
    int h = 40 + labels.size() * rowH;
    double max = values.stream().mapToDouble(d -> d).max().orElse(1);
    StringBuilder s = open(title, h);
    for (int i = 0; i < labels.size(); i++) {
      double w = max <= 0 ? 0 : (WIDTH - LABEL_W - 120) * values.get(i) / max;
      int y = 34 + i * rowH;
      s.append(text(LABEL_W - 8, y + 14, "end", labels.get(i)));
      s.append(rect(LABEL_W, y, w, rowH - 8, PALETTE[0]));
      s.append(text(LABEL_W + w + 6, y + 14, "start", fmt(values.get(i)) + unit));
    }
    return s.append("</svg>").toString();
  }

  /** Last week (grey) and this week (colour) per label. */
  static String pairedBars(
      String title, List<String> labels, List<Double> previous, List<Double> current, String unit) {
    int rowH = 34;
    int h = 56 + labels.size() * rowH;
    double max = 1;
    for (int i = 0; i < labels.size(); i++) {
      max = Math.max(max, Math.max(finite(previous.get(i)), finite(current.get(i))));
    }
    StringBuilder s = open(title, h);
    s.append(
        legend(
            WIDTH - 260,
            14,
            new String[] {"last week", "this week"},
            new String[] {"#9ca3af", PALETTE[1]}));
    for (int i = 0; i < labels.size(); i++) {
      int y = 40 + i * rowH;
      double scale = (WIDTH - LABEL_W - 120) / max;
      s.append(text(LABEL_W - 8, y + 16, "end", labels.get(i)));
      s.append(rect(LABEL_W, y, finite(previous.get(i)) * scale, 12, "#9ca3af"));
      s.append(rect(LABEL_W, y + 14, finite(current.get(i)) * scale, 12, PALETTE[1]));
      s.append(
          text(
              LABEL_W + finite(current.get(i)) * scale + 6,
              y + 25,
              "start",
              fmt(current.get(i)) + unit));
    }
    return s.append("</svg>").toString();
  }

  /** One line per series over the week; x = hours since weekStart. */
  static String lines(
      String title, Instant weekStart, List<WeeklyReport.Series> series, String unit) {
    int h = 300;
    int left = 60;
    int top = 40;
    int plotW = WIDTH - left - 20;
    int plotH = h - top - 50;
    double max = 1;
    for (var se : series) {
      for (double v : se.values()) {
        max = Math.max(max, finite(v));
      }
    }
    StringBuilder s = open(title, h);
    for (int t = 0; t <= 4; t++) {
      double v = max * t / 4;
      double y = top + plotH - plotH * t / 4.0;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1='%d' x2='%d' y1='%s' y2='%s' stroke='#e5e7eb'/>",
              left,
              left + plotW,
              num(y),
              num(y)));
      s.append(text(left - 6, y + 4, "end", fmt(v) + unit));
    }
    String[] days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (int d = 0; d < 7; d++) {
      s.append(text(left + plotW * (d + 0.5) / 7, top + plotH + 18, "middle", days[d]));
    }
    for (int i = 0; i < series.size(); i++) {
      var se = series.get(i);
      StringBuilder pts = new StringBuilder();
      for (int k = 0; k < se.hours().size(); k++) {
        double hours = (se.hours().get(k).getEpochSecond() - weekStart.getEpochSecond()) / 3600.0;
        pts.append(num(left + plotW * hours / (7 * 24)))
            .append(',')
            .append(num(top + plotH - plotH * finite(se.values().get(k)) / max))
            .append(' ');
      }
      s.append("<polyline fill='none' stroke-width='1.8' stroke='")
          .append(PALETTE[i % PALETTE.length])
          .append("' points='")
          .append(pts.toString().trim())
          .append("'/>");
    }
    String[] names = series.stream().map(WeeklyReport.Series::label).toArray(String[]::new);
    String[] colours = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      colours[i] = PALETTE[i % PALETTE.length];
    }
    s.append(legend(left, h - 12, names, colours));
    return s.append("</svg>").toString();
  }

  /** Per group, stacked segments (e.g. mean ms per stage), legend of the segment names. */
  static String stacked(
      String title, List<String> groups, List<String> segments, double[][] values, String unit) {
    int rowH = 26;
    int h = 70 + groups.size() * rowH;
    double max = 1;
    for (double[] row : values) {
      double sum = 0;
      for (double v : row) {
        sum += finite(v);
      }
      max = Math.max(max, sum);
    }
    StringBuilder s = open(title, h);
    for (int g = 0; g < groups.size(); g++) {
      int y = 34 + g * rowH;
      double x = LABEL_W;
      s.append(text(LABEL_W - 8, y + 14, "end", groups.get(g)));
      double total = 0;
      for (int k = 0; k < segments.size(); k++) {
        double w = (WIDTH - LABEL_W - 120) * finite(values[g][k]) / max;
        s.append(rect(x, y, w, rowH - 8, PALETTE[k % PALETTE.length]));
        x += w;
        total += finite(values[g][k]);
      }
      s.append(text(x + 6, y + 14, "start", fmt(total) + unit));
    }
    String[] colours = new String[segments.size()];
    for (int k = 0; k < colours.length; k++) {
      colours[k] = PALETTE[k % PALETTE.length];
    }
    s.append(legend(LABEL_W, h - 12, segments.toArray(String[]::new), colours));
    return s.append("</svg>").toString();
  }

  private static double finite(Double v) {
    return v == null || !Double.isFinite(v) ? 0 : v;
  }

  static String fmt(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 1e9) {
      return String.format(Locale.ROOT, "%.2fG", v / 1e9);
    }
    if (Math.abs(v) >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    if (Math.abs(v) >= 1e4) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
  }

  private static StringBuilder open(String title, int h) {
    return new StringBuilder()
        .append(
            String.format(
                Locale.ROOT,
                "<svg width='%d' height='%d' viewBox='0 0 %d %d' font-family='sans-serif' font-size='12'>",
                WIDTH,
                h,
                WIDTH,
                h))
        .append(
            text(0, 16, "start", title)
                .replace("<text ", "<text font-weight='bold' font-size='14' "));
  }

  private static String rect(double x, double y, double w, double h, String fill) {
    return String.format(
        Locale.ROOT,
        "<rect x='%s' y='%s' width='%s' height='%s' fill='%s'/>",
        num(x),
        num(y),
        num(Math.max(0, w)),
        num(h),
        fill);
  }

  private static String text(double x, double y, String anchor, String s) {
    return String.format(
        Locale.ROOT,
        "<text x='%s' y='%s' text-anchor='%s'>%s</text>",
        num(x),
        num(y),
        anchor,
        esc(s));
  }

  private static String legend(double x, double y, String[] names, String[] colours) {
    StringBuilder s = new StringBuilder();
    double cx = x;
    for (int i = 0; i < names.length; i++) {
      s.append(rect(cx, y - 9, 10, 10, colours[i]));
      s.append(text(cx + 14, y, "start", names[i]));
      cx += 24 + 7 * names[i].length();
    }
    return s.toString();
  }
}
