package dev.r1lat.ingest.sim;

import static dev.r1lat.ingest.sim.SimulatedRequest.us;

import dev.r1lat.ingest.sim.SimulatedRequest.Engine;
import dev.r1lat.ingest.sim.SimulatedRequest.Phases;
import dev.r1lat.ingest.sim.SimulatedRequest.Tokens;

/**
 * The times and token counts one simulated request's event reports: all of them when it completed;
 * when it ended early (error, cancel, timeout), the phase in progress gets its partial time and
 * later phases none.
 *
 * @param post post-processing time, shorter for a request that ended early
 * @param end when the request ended, ms from arrival
 */
record ReportedTimes(
    Double queueMs,
    Double preMs,
    Double prefillMs,
    Double ttft,
    Double ttfo,
    Double decode,
    Double maxGap,
    int reasoningOut,
    int answerOut,
    double post,
    double end) {

  static ReportedTimes completed(Phases p, Tokens tk) {
    Timeline tl = p.tl();
    Engine e = p.engine();
    double full = tl.tokenTime(tk.total());
    Double maxGap =
        tk.total() >= 2
            ? Math.max(p.naturalGap(), e.stall() > 0 ? us(e.tpot() + e.stall()) : 0)
            : null;
    return new ReportedTimes(
        e.queue(),
        p.pre(),
        e.prefill(),
        us(tl.a5()),
        us(tl.tokenTime(tk.reasoning() + 1)),
        us(full - tl.a5()),
        maxGap,
        tk.reasoning(),
        tk.answer(),
        p.post(),
        full);
  }

  static ReportedTimes cutShort(Phases p, Tokens tk, double cut, double gPost) {
    Timeline tl = p.tl();
    Engine e = p.engine();
    Double queueMs = e.queue();
    Double preMs = p.pre();
    Double prefillMs = e.prefill();
    if (cut < tl.a2()) {
      queueMs = us(cut - tl.a1());
      preMs = null;
      prefillMs = null;
    } else if (cut < tl.a3()) {
      preMs = us(cut - tl.a2());
      prefillMs = null;
    } else if (cut < tl.a4()) {
      prefillMs = us(cut - tl.a3());
    }
    int emitted = tl.tokensBy(cut);
    int reasoning = tk.reasoning();
    Double ttft = null;
    Double ttfo = null;
    Double decode = null;
    Double maxGap = null;
    if (emitted > 0) {
      ttft = us(tl.a5());
      ttfo = emitted > reasoning ? us(tl.tokenTime(reasoning + 1)) : null;
      decode = us(cut - tl.a5());
      maxGap =
          emitted >= 2
              ? Math.max(
                  p.naturalGap(),
                  e.stall() > 0 && emitted > tl.stallAfter() ? us(e.tpot() + e.stall()) : 0)
              : null;
    }
    double post = us(0.3 * StrictMath.exp(0.2 * gPost));
    return new ReportedTimes(
        queueMs,
        preMs,
        prefillMs,
        ttft,
        ttfo,
        decode,
        maxGap,
        Math.min(emitted, reasoning),
        Math.max(0, emitted - reasoning),
        post,
        cut);
  }
}
