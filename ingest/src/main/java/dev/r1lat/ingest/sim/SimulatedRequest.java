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
 * One simulated request's timeline (see {@link FleetSimulator} for the latency model); every random
 * draw happens in the constructor, in a fixed order.
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

  Emission emission() {
    FleetModel fleet = c.fleet();
    long arrival = (long) arrivalMs;

    // --- draws: always all of them, in this order -------------------------------------------
    double gPrompt = rng.nextGaussian();
    double uPromptCache = rng.nextDouble();
    double uCachedFraction = rng.nextDouble();
    double uResponseCache = rng.nextDouble();
    double gReasoning = rng.nextGaussian();
    double uTail = rng.nextDouble();
    double uPareto = rng.nextDouble();
    double uNoThink = rng.nextDouble();
    double gAnswer = rng.nextGaussian();
    double gNetIn = rng.nextGaussian();
    double gNetOut = rng.nextGaussian();
    double uQueue = rng.nextDouble();
    double eQueue = rng.nextExponential();
    double gPre = rng.nextGaussian();
    double gPrefill = rng.nextGaussian();
    double uBatch = rng.nextDouble();
    double gTpot = rng.nextGaussian();
    double uStall = rng.nextDouble();
    double gStall = rng.nextGaussian();
    double uStallAt = rng.nextDouble();
    double uGap = rng.nextDouble();
    double uStatus = rng.nextDouble();
    double uCut = rng.nextDouble();
    double uCode = rng.nextDouble();
    double gPost = rng.nextGaussian();
    double uStreaming = rng.nextDouble();
    double uDelivery = rng.nextDouble();
    double uDelay = rng.nextDouble();
    double uServer = rng.nextDouble();
    long idHi = rng.nextLong();
    long idLo = rng.nextLong();

    // --- faults in force at arrival ------------------------------------------------------------
    double rho = fleet.utilization(region, arrival);
    double prefillMult = 1;
    double decodeMult = 1;
    double netMult = 1;
    double netAddMs = 0;
    double queueMult = 1;
    double reasoningMult = 1;
    double errorRate = fleet.baseErrorRate();
    boolean storm = false;
    Fault silence = null;
    for (Fault f : c.faults()) {
      if (!f.appliesTo(region.name(), tier.name())) {
        continue;
      }
      if (f.scenario() == Scenario.REGION_SILENT) {
        silence = f; // judged on event time below
        continue;
      }
      if (!f.activeAt(arrival)) {
        continue;
      }
      double m = f.magnitude();
      switch (f.scenario()) {
        case GPU_DEGRADATION -> {
          prefillMult *= m;
          decodeMult *= m;
        }
        case NETWORK_CONGESTION -> {
          netMult *= 2.5;
          netAddMs += m;
        }
        case QUEUE_SATURATION -> {
          rho = Math.max(rho, 0.985);
          queueMult *= m;
        }
        case ERROR_STORM -> {
          errorRate = Math.max(errorRate, m);
          storm = true;
        }
        case CREEPING_REGRESSION -> decodeMult *= 1 + (m - 1) * f.progress(arrival);
        case MIX_SHIFT -> reasoningMult *= m;
        default -> {}
      }
    }

    // --- token counts -------------------------------------------------------------------------
    int prompt =
        clamp(
            (int) Math.round(StrictMath.exp(StrictMath.log(800) + 1.0 * gPrompt)),
            8,
            MAX_PROMPT_TOKENS);
    double lognormalReasoning =
        StrictMath.exp(
            StrictMath.log(model.reasoningMedian()) + model.reasoningSigma() * gReasoning);
    double pareto =
        model.reasoningTailMin() / StrictMath.pow(1 - uPareto, 1 / model.reasoningTailAlpha());
    double reasoningDraw =
        uTail < model.reasoningTailProbability()
            ? Math.max(lognormalReasoning, pareto) * reasoningMult
            : lognormalReasoning * reasoningMult;
    int reasoning =
        uNoThink < 0.03 ? 0 : clamp((int) Math.round(reasoningDraw), 1, MAX_REASONING_TOKENS);
    int answer =
        clamp(
            (int)
                Math.round(
                    StrictMath.exp(
                        StrictMath.log(model.answerMedian()) + model.answerSigma() * gAnswer)),
            1,
            MAX_ANSWER_TOKENS);
    int total = reasoning + answer;
    boolean responseCacheHit = uResponseCache < fleet.responseCacheHitRate();
    Integer cachedPrompt =
        responseCacheHit
            ? null
            : (uPromptCache < fleet.promptCacheHitRate()
                ? (int) Math.floor(prompt * (0.5 + 0.47 * uCachedFraction))
                : 0);

    // --- component times (rounded to microseconds; sums are built from rounded parts)
    // ------------
    double netIn =
        us(
            region.rttMs() / 2 * StrictMath.exp(0.25 * gNetIn) * netMult
                + netAddMs / 2
                + prompt * 0.0015);
    double netOut =
        us(region.rttMs() / 2 * StrictMath.exp(0.25 * gNetOut) * netMult + netAddMs / 2);
    double pre =
        us((0.8 + prompt * 0.003) * StrictMath.exp(0.2 * gPre) + (responseCacheHit ? 1.2 : 0));
    double queue;
    double prefill;
    double tpot;
    double stall = 0;
    Integer batch;
    if (responseCacheHit) {
      queue = 0;
      prefill = 0;
      tpot = 0.03;
      batch = null;
    } else {
      double pWait = StrictMath.pow(rho, 4);
      queue =
          us(
              uQueue < pWait
                  ? eQueue * 400.0 / (4 * (1 - rho)) * queueMult
                  : 2.0 * (uQueue - pWait) / (1 - pWait));
      double uncached = prompt - cachedPrompt;
      prefill =
          us(
              (12 + uncached / (tier.prefillTokensPerSec() * model.prefillSpeedup()) * 1000)
                  * StrictMath.exp(0.1 * gPrefill)
                  * prefillMult);
      int b = (int) Math.round(tier.maxBatch() * rho * (0.7 + 0.5 * uBatch));
      batch = clamp(b, 1, tier.maxBatch());
      tpot =
          us(
              tier.decodeMsPerToken()
                  * model.decodeTimeFactor()
                  * (0.75 + 0.5 * batch / tier.maxBatch())
                  * StrictMath.exp(0.08 * gTpot)
                  * decodeMult);
      double pStall = 0.02 + 0.06 * StrictMath.pow(rho, 4);
      if (total >= 2 && uStall < pStall) {
        stall = us(StrictMath.exp(StrictMath.log(250) + 0.8 * gStall) * decodeMult);
      }
    }
    int stallAfter = 1 + (int) Math.floor(uStallAt * (total - 1)); // stall between this and next
    double naturalGap = us(tpot * (1.3 + 1.2 * uGap));
    double post = us((0.4 + total * 0.0015) * StrictMath.exp(0.2 * gPost));

    // timeline from arrival
    double a1 = netIn;
    double a2 = a1 + queue;
    double a3 = a2 + pre;
    double a4 = a3 + prefill;
    double a5 = a4 + tpot; // first token
    Timeline tl = new Timeline(a5, tpot, stall, stallAfter, total);
    double full = tl.tokenTime(total);

    // --- outcome ------------------------------------------------------------------------------
    RequestStatus status = RequestStatus.OK;
    String errorCode = null;
    double cut = full;
    if (!responseCacheHit) {
      double timeoutMs = c.requestTimeout().toMillis();
      if (uStatus < errorRate) {
        status = RequestStatus.ERROR;
        String[] codes = storm ? STORM_CODES : ERROR_CODES;
        errorCode = codes[(int) (uCode * codes.length)];
        cut = a1 + (full - a1) * uCut;
      } else if (uStatus < errorRate + fleet.cancelRate()) {
        status = RequestStatus.CANCELLED;
        errorCode = "CLIENT_DISCONNECTED";
        cut = a1 + (full - a1) * uCut;
      } else if (full > timeoutMs) {
        status = RequestStatus.TIMEOUT;
        errorCode = "DEADLINE_EXCEEDED";
        cut = Math.max(a1, timeoutMs);
      }
      cut = us(cut);
    }

    Double queueMs = queue;
    Double preMs = pre;
    Double prefillMs = prefill;
    Double ttft = us(a5);
    Double ttfo;
    Double decode;
    Double maxGap;
    int reasoningOut = reasoning;
    int answerOut = answer;
    double end;
    if (status == RequestStatus.OK) {
      ttfo = us(tl.tokenTime(reasoning + 1));
      decode = us(full - a5);
      maxGap = total >= 2 ? Math.max(naturalGap, stall > 0 ? us(tpot + stall) : 0) : null;
      end = full;
    } else {
      // the request ended at `cut`: a phase in progress got partial time, later ones none
      if (cut < a2) {
        queueMs = us(cut - a1);
        preMs = null;
        prefillMs = null;
      } else if (cut < a3) {
        preMs = us(cut - a2);
        prefillMs = null;
      } else if (cut < a4) {
        prefillMs = us(cut - a3);
      }
      int emitted = tl.tokensBy(cut);
      if (emitted == 0) {
        ttft = null;
        ttfo = null;
        decode = null;
        maxGap = null;
      } else {
        ttfo = emitted > reasoning ? us(tl.tokenTime(reasoning + 1)) : null;
        decode = us(cut - a5);
        maxGap =
            emitted >= 2
                ? Math.max(naturalGap, stall > 0 && emitted > stallAfter ? us(tpot + stall) : 0)
                : null;
      }
      reasoningOut = Math.min(emitted, reasoning);
      answerOut = Math.max(0, emitted - reasoning);
      post = us(0.3 * StrictMath.exp(0.2 * gPost));
      end = cut;
    }
    double e2e = us(end + post + netOut);
    long eventTimeMs = (long) Math.floor(arrivalMs + e2e);
    if (silence != null && silence.activeAt(eventTimeMs)) {
      return null; // the region publishes nothing while silent
    }

    Delivery delivery = Delivery.IN_ORDER;
    long delay = 0;
    if (uDelivery < c.lateFraction()) {
      delivery = Delivery.LATE;
      long min = c.lateMinDelay().toMillis();
      delay = min + (long) (uDelay * (c.lateMaxDelay().toMillis() - min));
    } else if (uDelivery < c.lateFraction() + c.outOfOrderFraction()) {
      delivery = Delivery.OUT_OF_ORDER;
      long max = c.outOfOrderMaxDelay().toMillis();
      delay = Math.min(max, 1_000) + (long) (uDelay * Math.max(0, max - 1_000));
    }

    int server = (int) (uServer * tier.serversPerRegion());
    UUID id =
        new UUID(
            (idHi ^ FleetSimulator.mix(c.startMs())) & 0xFFFFFFFFFFFF0FFFL | 0x0000000000004000L,
            idLo & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
    RequestTiming timing =
        RequestTiming.newBuilder()
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
            .setStreaming(uStreaming < 0.9)
            .setStatus(status)
            .setErrorCode(errorCode)
            .setPromptTokens(prompt)
            .setCachedPromptTokens(cachedPrompt)
            .setReasoningTokens(reasoningOut)
            .setAnswerTokens(answerOut)
            .setResponseCacheHit(responseCacheHit)
            .setBatchSize(batch)
            .setNetworkInMs(netIn)
            .setQueueMs(queueMs)
            .setPreprocessMs(preMs)
            .setPrefillMs(prefillMs)
            .setTtftMs(ttft)
            .setTtfoMs(ttfo)
            .setDecodeMs(decode)
            .setMaxInterTokenGapMs(maxGap)
            .setPostprocessMs(post)
            .setNetworkOutMs(netOut)
            .setE2eMs(e2e)
            .build();
    return new Emission(eventTimeMs + delay, sequence, delivery, timing);
  }

  /** Output token k (1-based) leaves at a5 + (k-1)·tpot, plus the stall after token stallAfter. */
  private record Timeline(double a5, double tpot, double stall, int stallAfter, int total) {
    double tokenTime(int k) {
      return a5 + (k - 1) * tpot + (stall > 0 && k > stallAfter ? stall : 0);
    }

    int tokensBy(double t) {
      if (t < a5) {
        return 0;
      }
      int k = 1 + (int) Math.floor((t - a5) / tpot);
      if (stall > 0 && k > stallAfter) {
        k = Math.max(stallAfter, 1 + (int) Math.floor((t - a5 - stall) / tpot));
      }
      return Math.min(k, total);
    }
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Rounds to microseconds, as a server's millisecond timer with 3 decimals would. */
  private static double us(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
