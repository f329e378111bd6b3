package dev.r1lat.ingest.sim;

import dev.r1lat.ingest.sim.Emission.Delivery;
import dev.r1lat.ingest.sim.FleetModel.Model;
import dev.r1lat.ingest.sim.FleetModel.Region;
import dev.r1lat.ingest.sim.FleetModel.Tier;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One simulated request's timeline (see {@link FleetSimulator} for the latency model). Every random
 * draw happens first, all of them in a fixed order ({@link RequestDraws}); then, without
 * randomness: the faults in force ({@link FaultEffects}), token counts, phase times, the outcome,
 * the times the event reports ({@link ReportedTimes}) and its delivery.
 */
final class SimulatedRequest {
  private static final String[] ERROR_CODES = {"ENGINE_OOM", "ENGINE_INTERNAL", "KV_CACHE_FULL"};
  private static final String[] STORM_CODES = {"NCCL_TIMEOUT", "CUDA_ERROR", "ENGINE_INTERNAL"};
  private static final int MAX_PROMPT_TOKENS = 32_000;
  private static final int MAX_REASONING_TOKENS = 32_768;
  private static final int MAX_ANSWER_TOKENS = 8_192;

  private final SimulatorConfig c;
  private final long sequence;
  private final double arrivalMs;
  private final Region region;
  private final Tier tier;
  private final Model model;
  private final SplittableRandom rng;

  SimulatedRequest(SimulatorConfig c, long sequence, double arrivalMs, Region r, Tier t, Model m) {
    this.c = c;
    this.sequence = sequence;
    this.arrivalMs = arrivalMs;
    this.region = r;
    this.tier = t;
    this.model = m;
    this.rng = new SplittableRandom(FleetSimulator.mix(c.seed() * 0x9E3779B97F4A7C15L + sequence));
  }

  /** The request's event, or null when its region is silent at its event time. Call once. */
  Emission emission() {
    RequestDraws d = new RequestDraws(rng);
    FaultEffects fx = FaultEffects.at(c, region, tier, (long) arrivalMs);
    Tokens tk = tokens(d, fx);
    Phases p = phases(d, fx, tk);
    Outcome o = outcome(d, fx, p, tk.responseCacheHit());
    ReportedTimes r =
        o.status() == RequestStatus.OK
            ? ReportedTimes.completed(p, tk)
            : ReportedTimes.cutShort(p, tk, o.cut(), d.gPost);
    double e2e = us(r.end() + r.post() + p.netOut());
    long eventTimeMs = (long) Math.floor(arrivalMs + e2e);
    if (fx.silence != null && fx.silence.activeAt(eventTimeMs)) {
      return null; // the region publishes nothing while silent
    }
    return delivered(d, eventTimeMs, timing(d, eventTimeMs, tk, p, o, r, e2e));
  }

  record Tokens(
      int prompt,
      int reasoning,
      int answer,
      int total,
      boolean responseCacheHit,
      Integer cachedPrompt) {}

  private Tokens tokens(RequestDraws d, FaultEffects fx) {
    FleetModel fleet = c.fleet();
    int prompt =
        clamp(
            (int) Math.round(StrictMath.exp(StrictMath.log(800) + 1.0 * d.gPrompt)),
            8,
            MAX_PROMPT_TOKENS);
    double lognormalReasoning =
        StrictMath.exp(
            StrictMath.log(model.reasoningMedian()) + model.reasoningSigma() * d.gReasoning);
    double pareto =
        model.reasoningTailMin() / StrictMath.pow(1 - d.uPareto, 1 / model.reasoningTailAlpha());
    double reasoningDraw =
        d.uTail < model.reasoningTailProbability()
            ? Math.max(lognormalReasoning, pareto) * fx.reasoningMult
            : lognormalReasoning * fx.reasoningMult;
    int reasoning =
        d.uNoThink < 0.03 ? 0 : clamp((int) Math.round(reasoningDraw), 1, MAX_REASONING_TOKENS);
    int answer =
        clamp(
            (int)
                Math.round(
                    StrictMath.exp(
                        StrictMath.log(model.answerMedian()) + model.answerSigma() * d.gAnswer)),
            1,
            MAX_ANSWER_TOKENS);
    boolean responseCacheHit = d.uResponseCache < fleet.responseCacheHitRate();
    Integer cachedPrompt =
        responseCacheHit
            ? null
            : (d.uPromptCache < fleet.promptCacheHitRate()
                ? (int) Math.floor(prompt * (0.5 + 0.47 * d.uCachedFraction))
                : 0);
    return new Tokens(
        prompt, reasoning, answer, reasoning + answer, responseCacheHit, cachedPrompt);
  }

  /** Component times, rounded to microseconds; the timeline's sums are built from rounded parts. */
  record Phases(
      double netIn,
      double netOut,
      double pre,
      Engine engine,
      double naturalGap,
      double post,
      Timeline tl) {}

  /** The inference engine's part: queue, prefill, per-token decode, one stall, batch size. */
  record Engine(double queue, double prefill, double tpot, double stall, Integer batch) {}

  private Phases phases(RequestDraws d, FaultEffects fx, Tokens tk) {
    int prompt = tk.prompt();
    double netIn =
        us(
            region.rttMs() / 2 * StrictMath.exp(0.25 * d.gNetIn) * fx.netMult
                + fx.netAddMs / 2
                + prompt * 0.0015);
    double netOut =
        us(region.rttMs() / 2 * StrictMath.exp(0.25 * d.gNetOut) * fx.netMult + fx.netAddMs / 2);
    double pre =
        us(
            (0.8 + prompt * 0.003) * StrictMath.exp(0.2 * d.gPre)
                + (tk.responseCacheHit() ? 1.2 : 0));
    Engine e = tk.responseCacheHit() ? new Engine(0, 0, 0.03, 0, null) : engine(d, fx, tk);
    int total = tk.total();
    int stallAfter = 1 + (int) Math.floor(d.uStallAt * (total - 1)); // stall after this token
    double naturalGap = us(e.tpot() * (1.3 + 1.2 * d.uGap));
    double post = us((0.4 + total * 0.0015) * StrictMath.exp(0.2 * d.gPost));
    double a1 = netIn;
    double a2 = a1 + e.queue();
    double a3 = a2 + pre;
    double a4 = a3 + e.prefill();
    double a5 = a4 + e.tpot(); // first token
    Timeline tl = new Timeline(a1, a2, a3, a4, a5, e.tpot(), e.stall(), stallAfter, total);
    return new Phases(netIn, netOut, pre, e, naturalGap, post, tl);
  }

  private Engine engine(RequestDraws d, FaultEffects fx, Tokens tk) {
    double rho = fx.rho;
    double pWait = StrictMath.pow(rho, 4);
    double queue =
        us(
            d.uQueue < pWait
                ? d.eQueue * 400.0 / (4 * (1 - rho)) * fx.queueMult
                : 2.0 * (d.uQueue - pWait) / (1 - pWait));
    double uncached = tk.prompt() - tk.cachedPrompt();
    double prefill =
        us(
            (12 + uncached / (tier.prefillTokensPerSec() * model.prefillSpeedup()) * 1000)
                * StrictMath.exp(0.1 * d.gPrefill)
                * fx.prefillMult);
    int b = (int) Math.round(tier.maxBatch() * rho * (0.7 + 0.5 * d.uBatch));
    Integer batch = clamp(b, 1, tier.maxBatch());
    double tpot =
        us(
            tier.decodeMsPerToken()
                * model.decodeTimeFactor()
                * (0.75 + 0.5 * batch / tier.maxBatch())
                * StrictMath.exp(0.08 * d.gTpot)
                * fx.decodeMult);
    double stall = 0;
    double pStall = 0.02 + 0.06 * StrictMath.pow(rho, 4);
    if (tk.total() >= 2 && d.uStall < pStall) {
      stall = us(StrictMath.exp(StrictMath.log(250) + 0.8 * d.gStall) * fx.decodeMult);
    }
    return new Engine(queue, prefill, tpot, stall, batch);
  }

  /** How the request ended, and when ({@code cut}, ms from arrival) if it did not complete. */
  private record Outcome(RequestStatus status, String errorCode, double cut) {}

  private Outcome outcome(RequestDraws d, FaultEffects fx, Phases p, boolean responseCacheHit) {
    double a1 = p.tl().a1();
    double full = p.tl().tokenTime(p.tl().total());
    if (responseCacheHit) {
      return new Outcome(RequestStatus.OK, null, full);
    }
    double timeoutMs = c.requestTimeout().toMillis();
    if (d.uStatus < fx.errorRate) {
      String[] codes = fx.storm ? STORM_CODES : ERROR_CODES;
      String code = codes[(int) (d.uCode * codes.length)];
      return new Outcome(RequestStatus.ERROR, code, us(a1 + (full - a1) * d.uCut));
    } else if (d.uStatus < fx.errorRate + c.fleet().cancelRate()) {
      return new Outcome(
          RequestStatus.CANCELLED, "CLIENT_DISCONNECTED", us(a1 + (full - a1) * d.uCut));
    } else if (full > timeoutMs) {
      return new Outcome(RequestStatus.TIMEOUT, "DEADLINE_EXCEEDED", us(Math.max(a1, timeoutMs)));
    }
    return new Outcome(RequestStatus.OK, null, us(full));
  }

  private RequestTiming timing(
      RequestDraws d,
      long eventTimeMs,
      Tokens tk,
      Phases p,
      Outcome o,
      ReportedTimes r,
      double e2e) {
    UUID id =
        new UUID(
            (d.idHi ^ FleetSimulator.mix(c.startMs())) & 0xFFFFFFFFFFFF0FFFL | 0x0000000000004000L,
            d.idLo & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
    int server = (int) (d.uServer * tier.serversPerRegion());
    return RequestTiming.newBuilder()
        .setRequestId(id.toString())
        .setEventTimeMs(eventTimeMs)
        .setRegion(region.name())
        .setTier(tier.name())
        .setModel(model.name())
        .setQuantization(model.quantizationByTier().get(tier.name()))
        .setServerId(
            String.format(
                Locale.ROOT,
                "%s-%s-%s-%02d",
                region.name(),
                tier.name().toLowerCase(Locale.ROOT),
                model.shortName(),
                server))
        .setStreaming(d.uStreaming < 0.9)
        .setStatus(o.status())
        .setErrorCode(o.errorCode())
        .setPromptTokens(tk.prompt())
        .setCachedPromptTokens(tk.cachedPrompt())
        .setReasoningTokens(r.reasoningOut())
        .setAnswerTokens(r.answerOut())
        .setResponseCacheHit(tk.responseCacheHit())
        .setBatchSize(p.engine().batch())
        .setNetworkInMs(p.netIn())
        .setQueueMs(r.queueMs())
        .setPreprocessMs(r.preMs())
        .setPrefillMs(r.prefillMs())
        .setTtftMs(r.ttft())
        .setTtfoMs(r.ttfo())
        .setDecodeMs(r.decode())
        .setMaxInterTokenGapMs(r.maxGap())
        .setPostprocessMs(r.post())
        .setNetworkOutMs(p.netOut())
        .setE2eMs(e2e)
        .build();
  }

  /** In order, or out of order / late by a drawn delay (the event time stays the same). */
  private Emission delivered(RequestDraws d, long eventTimeMs, RequestTiming timing) {
    Delivery delivery = Delivery.IN_ORDER;
    long delay = 0;
    if (d.uDelivery < c.lateFraction()) {
      delivery = Delivery.LATE;
      long min = c.lateMinDelay().toMillis();
      delay = min + (long) (d.uDelay * (c.lateMaxDelay().toMillis() - min));
    } else if (d.uDelivery < c.lateFraction() + c.outOfOrderFraction()) {
      delivery = Delivery.OUT_OF_ORDER;
      long max = c.outOfOrderMaxDelay().toMillis();
      delay = Math.min(max, 1_000) + (long) (d.uDelay * Math.max(0, max - 1_000));
    }
    return new Emission(eventTimeMs + delay, sequence, delivery, timing);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Rounds to microseconds, as a server's millisecond timer with 3 decimals would. */
  static double us(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
