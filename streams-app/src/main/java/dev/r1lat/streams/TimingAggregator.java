package dev.r1lat.streams;

import dev.r1lat.anomaly.GroupKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1, one instance per input partition: decodes, validates and aggregates request timings into
 * in-memory windows, and emits each window's partials (all roll-up levels) once the partition's
 * stream time ({@link EventTimeClock}: event time, bounded by the broker's append time) passes
 * window end + grace, followed by a watermark. A retried request is counted once per window.
 *
 * <p>Exactly once without a per-event changelog: partials, watermark, the {@link TaskProgress}
 * store write and the input offsets commit in one transaction. After a crash, the windows that were
 * open at the last commit are rebuilt by replaying the input from {@code replayFromOffset} up to
 * where the task resumes; none of those records were late (their windows were still open), and
 * validation, the stream-time bound and the retry check depend only on the records (never on the
 * wall clock), so the rebuilt state equals the lost one. What the task still has to do after a
 * start (look its partition up, rebuild, wait out a backlog) is its {@link AggregatorPhase}.
 */
final class TimingAggregator implements Processor<byte[], byte[], byte[], AggregatorOutput> {
  static final String PROGRESS_STORE = "aggregator-progress";
  static final String DIMENSIONS_STORE = "aggregator-dimensions";
  static final Bytes PROGRESS_KEY = Bytes.wrap(new byte[] {0});
  private static final Logger LOG = LoggerFactory.getLogger(TimingAggregator.class);

  private final TopologySettings cfg;
  private final ReplaySource replaySource;
  private final PipelineMetrics metrics;

  private ProcessorContext<byte[], AggregatorOutput> ctx;
  private KeyValueStore<Bytes, byte[]> progressStore;
  private TimingAdmission admission;
  private OpenWindows windows;
  private TaskProgress progress;
  private int partition;
  private AggregatorPhase phase = AggregatorPhase.STARTED;
  private EventTimeClock clock;
  private long lastOffset = -1;

  TimingAggregator(TopologySettings cfg, ReplaySource replaySource, PipelineMetrics metrics) {
    this.cfg = cfg;
    this.replaySource = replaySource;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], AggregatorOutput> context) {
    this.ctx = context;
    this.partition = context.taskId().partition();
    this.progressStore = context.getStateStore(PROGRESS_STORE);
    KeyValueStore<String, byte[]> dims = context.getStateStore(DIMENSIONS_STORE);
    this.admission = new TimingAdmission(cfg, dims, metrics);
    this.windows = new OpenWindows(cfg.windowMs(), cfg.slo());
    this.progress = TaskProgress.fromBytes(progressStore.get(PROGRESS_KEY));
    long now = context.currentSystemTimeMs();
    this.clock =
        new EventTimeClock(
            cfg.eventTimeAllowanceMs(), cfg.idleAdvanceMs(), progress.streamTimeMs(), now);
    if (clock.clampAheadOfWallClock(now)) {
      LOG.warn(
          "partition {}: stored stream time {} was {} ms ahead of the wall clock (written by an"
              + " older version that trusted producer clocks); restarting it at the wall clock",
          partition,
          progress.streamTimeMs(),
          progress.streamTimeMs() - now);
    }
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    long offset = ctx.recordMetadata().map(m -> m.offset()).orElse(lastOffset + 1);
    if (phase.rebuildsOnRecord()) {
      replayOpenWindows(offset);
      phase = phase.onRebuiltAtRecord();
    }
    if (progress == TaskProgress.NONE) {
      // first record this task ever sees: a crash before the first window closes must replay
      // from here, and never from records that were in the topic before the application started
      progress = new TaskProgress(Long.MIN_VALUE, offset, Long.MIN_VALUE);
      progressStore.put(PROGRESS_KEY, progress.toBytes());
    }
    lastOffset = offset;
    metrics.recordIn();
    TimingAdmission.Result r = admission.admit(record.value(), record.timestamp());
    if (!r.admitted()) {
      metrics.recordRejected(r.route(), r.reasonClass());
      reject(record, r.route(), r.reason(), null);
      return;
    }
    phase = phase.onAdmitted();
    long eventTime = r.timing().getEventTimeMs();
    clock.onEvent(eventTime, record.timestamp(), ctx.currentSystemTimeMs());
    closeWindows(offset);
    long windowEnd = windows.windowStart(eventTime) + cfg.windowMs();
    if (windowEnd <= progress.closedUpToMs()) {
      metrics.recordLate();
      // the group as admitted (dimension values folded), so the correction lands in the rows the
      // window's first emission had
      reject(record, AggregatorOutput.Route.LATE, lateReason(windowEnd), r.group());
      return;
    }
    if (!windows.add(r.timing(), r.group(), offset)) {
      metrics.recordDuplicate();
    }
  }

  private String lateReason(long windowEnd) {
    return "window ending "
        + windowEnd
        + " closed at event time "
        + clock.streamTime()
        + " (grace "
        + cfg.graceMs()
        + " ms)";
  }

  /** Emits every window whose end + grace the partition's stream time has passed. */
  private void closeWindows(long nextOffset) {
    if (!clock.started()) {
      return;
    }
    long streamTime = clock.streamTime();
    long closable = Math.floorDiv(streamTime - cfg.graceMs(), cfg.windowMs()) * cfg.windowMs();
    if (closable <= progress.closedUpToMs()) {
      return;
    }
    List<AggregatorOutput.Partial> partials = windows.closeUpTo(closable);
    long ts = closable;
    for (AggregatorOutput.Partial p : partials) {
      ctx.forward(new Record<>(p.key(), (AggregatorOutput) p, ts));
    }
    ctx.forward(
        new Record<>(
            new byte[] {(byte) partition},
            (AggregatorOutput)
                new AggregatorOutput.Watermark(partition, cfg.inputPartitions(), closable),
            ts));
    progress = new TaskProgress(closable, windows.replayFrom(nextOffset), streamTime);
    progressStore.put(PROGRESS_KEY, progress.toBytes());
  }

  /**
   * A partition without input still has to close its windows, or the merger waits forever for its
   * watermark: after {@code idle-advance} of wall-clock silence its event time moves on with the
   * wall clock. A partition that never saw input reports the wall clock itself.
   *
   * <p>Silence is not idleness while the task has not started processing a backlog it has: a stream
   * thread starting slowly (a loaded machine, a restore) would otherwise advance a partition full
   * of past events to the wall clock and make all of them late. Such a task waits longer ({@link
   * AggregatorPhase#idleWaitMs}) for its first valid event (its first records may be malformed).
   */
  private void onWallClock(long nowMs) {
    if (phase.looksUpOnTick()) { // once per task start: a lookup costs a consumer
      lookUpStart();
    }
    if (phase.idleAfter(clock.idleMs(nowMs), cfg.idleAdvanceMs()) && clock.advanceIdle(nowMs)) {
      closeWindows(lastOffset + 1);
    }
  }

  private void reject(
      Record<byte[], byte[]> record, AggregatorOutput.Route route, String reason, GroupKey group) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    if (group != null) {
      headers.add(LateCorrections.GROUP_HEADER, group.kafkaKey().getBytes(StandardCharsets.UTF_8));
    }
    headers.add("r1lat.reason", reason.getBytes(StandardCharsets.UTF_8));
    headers.add(
        "r1lat.source",
        (cfg.inputTopic() + "/" + partition + "@" + lastOffset).getBytes(StandardCharsets.UTF_8));
    ctx.forward(
        new Record<>(
            record.key(),
            (AggregatorOutput) new AggregatorOutput.Rejected(route, record.value(), reason),
            record.timestamp(),
            headers));
  }

  /**
   * Where the partition stands when the task starts without having processed a record: whether it
   * has a backlog (see {@link #onWallClock}), and, for a restarted or migrated task whose partition
   * has no new input and so never reaches {@link #process}, its open windows rebuilt before an idle
   * advance can close them (or they would close empty and their events be lost). It resumes at the
   * committed offset, so that is where the replay ends.
   */
  private void lookUpStart() {
    ReplaySource.Offsets at =
        bounded(() -> replaySource.offsets(cfg.inputTopic(), partition), "look-up");
    boolean rebuilds = progress != TaskProgress.NONE && at.committed() >= 0;
    if (rebuilds) { // else nothing to rebuild, or the first record's offset will tell
      replayOpenWindows(at.committed());
      lastOffset = at.committed() - 1;
      clock.rebase();
    }
    phase = phase.onLookedUp(at.backlog(), rebuilds);
  }

  /** Rebuilds the windows that were open at the last commit; see the class comment. */
  private void replayOpenWindows(long resumeOffset) {
    long from = progress.replayFromOffset();
    if (progress == TaskProgress.NONE || from >= resumeOffset) {
      return;
    }
    bounded(
        () -> {
          replaySource.replay(cfg.inputTopic(), partition, from, resumeOffset, this::replayOne);
          return null;
        },
        "replay of offsets " + from + ".." + resumeOffset);
  }

  /**
   * The replay source bounds its blocking calls well below the transaction timeout (see {@link
   * StreamsConfigFactory#replayBound}). Past the bound, the task is declared corrupted: Kafka
   * Streams closes it without committing, re-initializes it from its changelogs and resumes at the
   * committed offsets, so the windows are rebuilt on the next attempt, exactly as after a crash. A
   * transaction left open past its timeout would instead fence the thread's producer.
   */
  private <T> T bounded(Supplier<T> blocking, String what) {
    try {
      return blocking.get();
    } catch (TimeoutException e) {
      LOG.warn("partition {}: {} did not finish in time; restarting the task", partition, what, e);
      throw new TaskCorruptedException(Set.of(ctx.taskId()));
    }
  }

  private void replayOne(ConsumerRecord<byte[], byte[]> r) {
    TimingAdmission.Result a = admission.admit(r.value(), r.timestamp());
    if (!a.admitted()) {
      return;
    }
    long windowEnd = windows.windowStart(a.timing().getEventTimeMs()) + cfg.windowMs();
    if (windowEnd > progress.closedUpToMs()) {
      windows.add(a.timing(), a.group(), r.offset()); // drops the retries the first run dropped
      clock.onReplayed(a.timing().getEventTimeMs(), r.timestamp());
      metrics.recordReplayed();
    }
  }
}
