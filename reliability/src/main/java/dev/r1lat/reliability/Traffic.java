package dev.r1lat.reliability;

import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic request timings in the past: {@code perWindow} events in each of {@code windows}
 * consecutive one-minute windows, evenly spaced and in event-time order. Because the ground truth
 * is known event by event, every scenario can check exact counts per window and per group.
 *
 * <p>Event times lie well in the past so windows close by event time as the traffic advances, not
 * by waiting for the wall clock; the last window closes through the streams app's idle advance.
 */
public record Traffic(String idPrefix, long startMs, int windows, int perWindow) {
  public static final long WINDOW_MS = 60_000;
  static final String[] REGIONS = {"us-east", "eu-west", "ap-south", "us-west"};
  static final String[] TIERS = {"H200", "H100", "A100", "L40S"};

  /** Windows ending at least two minutes before now, so none is anywhere near the wall clock. */
  public static Traffic inThePast(String idPrefix, int windows, int perWindow) {
    long now = System.currentTimeMillis();
    long start = (now / WINDOW_MS - windows - 3) * WINDOW_MS;
    return new Traffic(idPrefix, start, windows, perWindow);
  }

  public int total() {
    return windows * perWindow;
  }

  public long windowStart(int window) {
    return startMs + window * WINDOW_MS;
  }

  public long eventTime(int seq) {
    int window = seq / perWindow;
    return windowStart(window) + (seq % perWindow) * (WINDOW_MS / perWindow);
  }

  public String requestId(int seq) {
    return idPrefix + seq;
  }

  public RequestTiming event(int seq) {
    return timing(requestId(seq), eventTime(seq), seq);
  }

  public List<RequestTiming> events(int fromSeq, int toSeq) {
    List<RequestTiming> out = new ArrayList<>(toSeq - fromSeq);
    for (int i = fromSeq; i < toSeq; i++) {
      out.add(event(i));
    }
    return out;
  }

  /** The finest group of an event, as the streams app keys it. */
  public static String group(int seq) {
    return REGIONS[seq % REGIONS.length] + "|" + TIERS[(seq / REGIONS.length) % TIERS.length];
  }

  /**
   * One plausible R1 request; every value a pure function of {@code seq}. One in 40 is an error
   * (counted, with an error flag), one in 7 has no reasoning block (ttfo unmeasured).
   */
  public static RequestTiming timing(String requestId, long eventTimeMs, int seq) {
    SplittableRandom r = new SplittableRandom(seq * 0x9E3779B97F4A7C15L + 17);
    double queue = r.nextDouble(0, 40);
    double prefill = r.nextDouble(30, 400);
    double ttft = 5 + queue + 2 + prefill + r.nextDouble(5, 30);
    boolean reasoning = seq % 7 != 0;
    double decode = r.nextDouble(500, 30_000);
    double ttfo = reasoning ? ttft + decode * r.nextDouble(0.2, 0.8) : Double.NaN;
    int answer = 50 + r.nextInt(900);
    return RequestTiming.newBuilder()
        .setRequestId(requestId)
        .setEventTimeMs(eventTimeMs)
        .setRegion(REGIONS[seq % REGIONS.length])
        .setTier(TIERS[(seq / REGIONS.length) % TIERS.length])
        .setModel("deepseek-r1")
        .setServerId("srv-" + (seq % 16))
        .setStatus(seq % 40 == 0 ? RequestStatus.ERROR : RequestStatus.OK)
        .setPromptTokens(100 + r.nextInt(4000))
        .setReasoningTokens(reasoning ? 200 + r.nextInt(3000) : 0)
        .setAnswerTokens(answer)
        .setNetworkInMs(5.0)
        .setQueueMs(queue)
        .setPreprocessMs(2.0)
        .setPrefillMs(prefill)
        .setTtftMs(ttft)
        .setTtfoMs(reasoning ? ttfo : null)
        .setDecodeMs(decode)
        .setMaxInterTokenGapMs(r.nextDouble(20, 300))
        .setPostprocessMs(1.5)
        .setNetworkOutMs(4.0)
        .setE2eMs(ttft + decode + 1.5 + 4.0)
        .build();
  }
}
