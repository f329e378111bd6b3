package dev.r1lat.ingest.sim;

import dev.r1lat.ingest.sim.FleetModel.Model;
import dev.r1lat.ingest.sim.FleetModel.Region;
import dev.r1lat.ingest.sim.FleetModel.Tier;
import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The fleet traffic generator: a pure function of a {@link SimulatorConfig}. Requests arrive as a
 * Poisson process whose rate follows each region's diurnal curve; each request gets a region, tier
 * and model, then a latency breakdown drawn from its own random stream (so injecting a fault never
 * changes the events it does not touch). Events are yielded in <em>publication</em> order: by
 * completion time, except the out-of-order and late ones, which come after a delay.
 *
 * <p>Latency model of one request, all times from its arrival at the server:
 *
 * <pre>
 * networkIn → queue → preprocess → prefill → first token (= ttft)
 *   → reasoning tokens (→ ttfo) → answer tokens (decodeMs = first → last token)
 *   → postprocess → networkOut;  e2e = the sum
 * </pre>
 *
 * Queueing grows with utilization (diurnal); per-token time grows with the running batch; prompt
 * (prefix) cache hits shorten prefill and response cache hits skip the engine (bimodal latencies);
 * reasoning length is lognormal with a Pareto tail; stalls, errors, cancellations and timeouts
 * truncate the timeline, leaving null what a server could not measure.
 */
public final class FleetSimulator {

  private FleetSimulator() {}

  /** Events with their publication time and delivery class, in publication order. */
  public static Iterator<Emission> emissions(SimulatorConfig config) {
    return new Generator(config);
  }

  /** The events alone, in publication order. */
  public static Iterator<RequestTiming> events(SimulatorConfig config) {
    Iterator<Emission> it = emissions(config);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public RequestTiming next() {
        return it.next().timing();
      }
    };
  }

  /** The events as a sequential stream, in publication order. */
  public static Stream<RequestTiming> stream(SimulatorConfig config) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            events(config), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** The injected faults as ground-truth entries, in config order. */
  public static List<GroundTruth.Entry> groundTruth(SimulatorConfig config) {
    return config.faults().stream().map(Fault::groundTruth).toList();
  }

  private static final class Generator implements Iterator<Emission> {
    private final SimulatorConfig c;
    private final FleetModel fleet;
    private final SplittableRandom arrivals;
    private final PriorityQueue<Emission> pending =
        new PriorityQueue<>(
            Comparator.comparingLong(Emission::emitAtMs).thenComparingLong(Emission::sequence));
    private final double endMs;
    private final double totalShare;
    private final double[] regionWeights;
    private double nextArrivalMs;
    private long seq;

    Generator(SimulatorConfig c) {
      this.c = c;
      this.fleet = c.fleet();
      this.arrivals = new SplittableRandom(c.seed());
      this.endMs = c.endMs();
      this.totalShare = fleet.regions().stream().mapToDouble(Region::share).sum();
      this.regionWeights = new double[fleet.regions().size()];
      this.nextArrivalMs = c.startMs();
      advanceArrival();
    }

    /** Moves nextArrivalMs by an exponential gap at the current (diurnal) rate. */
    private void advanceArrival() {
      double weighted = 0;
      List<Region> regions = fleet.regions();
      long t = (long) nextArrivalMs;
      for (int i = 0; i < regions.size(); i++) {
        Region r = regions.get(i);
        regionWeights[i] = r.share() * fleet.diurnalFactor(r, t);
        weighted += regionWeights[i];
      }
      double ratePerMs = c.ratePerSecond() * (weighted / totalShare) / 1000.0;
      nextArrivalMs += arrivals.nextExponential() / ratePerMs;
    }

    private boolean arrivalsDone() {
      return nextArrivalMs >= endMs;
    }

    @Override
    public boolean hasNext() {
      // an event may be published once no future arrival can complete before it
      while (!arrivalsDone() && (pending.isEmpty() || pending.peek().emitAtMs() > nextArrivalMs)) {
        arrive();
      }
      return !pending.isEmpty();
    }

    @Override
    public Emission next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending.poll();
    }

    private void arrive() {
      double arrivalMs = nextArrivalMs;
      long sequence = seq++;
      // the arrival stream draws exactly three values per request, whatever the faults
      Region region = pick(fleet.regions(), regionWeights, arrivals.nextDouble());
      Tier tier = pickTier(arrivals.nextDouble());
      Model model = pickModel(tier, arrivals.nextDouble());
      advanceArrival();
      Emission e = new SimulatedRequest(c, sequence, arrivalMs, region, tier, model).emission();
      if (e != null) {
        pending.add(e);
      }
    }

    private static <T> T pick(List<T> items, double[] weights, double u) {
      double total = 0;
      for (double w : weights) {
        total += w;
      }
      double x = u * total;
      for (int i = 0; i < items.size(); i++) {
        x -= weights[i];
        if (x < 0) {
          return items.get(i);
        }
      }
      return items.get(items.size() - 1);
    }

    private Tier pickTier(double u) {
      List<Tier> tiers = fleet.tiers();
      double[] w = new double[tiers.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = tiers.get(i).share();
      }
      return pick(tiers, w, u);
    }

    private Model pickModel(Tier tier, double u) {
      List<Model> candidates = new ArrayList<>();
      for (Model m : fleet.models()) {
        if (m.tiers().contains(tier.name())) {
          candidates.add(m);
        }
      }
      double[] w = new double[candidates.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = candidates.get(i).share();
      }
      return pick(candidates, w, u);
    }
  }

  /** SplitMix64 finalizer: decorrelates the per-request seeds. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
