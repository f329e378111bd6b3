package dev.r1lat.streams;

import dev.r1lat.schema.RequestTiming;

/**
 * The latency components r1lat reports, each with how to read it off one request. A component a
 * server did not measure reads as NaN and is left out of that component's statistics (its count is
 * "requests with a value").
 */
public enum Component {
  E2E("e2e") {
    @Override
    double value(RequestTiming t) {
      return t.getE2eMs();
    }
  },
  TTFT("ttft") {
    @Override
    double value(RequestTiming t) {
      return orNaN(t.getTtftMs());
    }
  },
  /** Time to first answer token: after the reasoning block ends. R1-specific. */
  TTFO("ttfo") {
    @Override
    double value(RequestTiming t) {
      return orNaN(t.getTtfoMs());
    }
  },
  QUEUE("queue") {
    @Override
    double value(RequestTiming t) {
      return orNaN(t.getQueueMs());
    }
  },
  PREPROCESS("preprocess") {
    @Override
    double value(RequestTiming t) {
      return orNaN(t.getPreprocessMs());
    }
  },
  PREFILL("prefill") {
    @Override
    double value(RequestTiming t) {
      return orNaN(t.getPrefillMs());
    }
  },
  DECODE("decode") {
    @Override
    double value(RequestTiming t) {
      return orNaN(t.getDecodeMs());
    }
  },
  /**
   * Time per output token, as AIPerf and GenAI-Perf define inter-token latency: decode time over
   * the gaps between output tokens, reasoning tokens included (they are decoded like any other).
   */
  TPOT("tpot") {
    @Override
    double value(RequestTiming t) {
      int tokens = orZero(t.getReasoningTokens()) + orZero(t.getAnswerTokens());
      Double decode = t.getDecodeMs();
      return decode == null || tokens < 2 ? Double.NaN : decode / (tokens - 1);
    }
  },
  /** Largest gap between consecutive output tokens: stalls that a mean TPOT hides. */
  ITL_MAX("itl_max") {
    @Override
    double value(RequestTiming t) {
      return orNaN(t.getMaxInterTokenGapMs());
    }
  },
  POSTPROCESS("postprocess") {
    @Override
    double value(RequestTiming t) {
      return orNaN(t.getPostprocessMs());
    }
  },
  /** Network in + out; one side alone when only one is measured. */
  NETWORK("network") {
    @Override
    double value(RequestTiming t) {
      Double in = t.getNetworkInMs();
      Double out = t.getNetworkOutMs();
      if (in == null && out == null) {
        return Double.NaN;
      }
      return (in == null ? 0 : in) + (out == null ? 0 : out);
    }
  };

  private static final Component[] ALL = values();

  private final String id;

  Component(String id) {
    this.id = id;
  }

  /** The name used on the wire, in ClickHouse and in configuration (e.g. slo.ttft). */
  public String id() {
    return id;
  }

  abstract double value(RequestTiming t);

  public static Component[] all() {
    return ALL;
  }

  public static Component byId(String id) {
    for (Component c : ALL) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown component " + id);
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
