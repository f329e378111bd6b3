package dev.r1lat.sink;

import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.SinkTable;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's loop: poll, buffer per partition, and when the {@link BatchingPolicy} cuts batches run
 * a round of DESIGN.md: commit intents, decode (poison to the dead-letter topic) and insert on the
 * writer threads (with retries, bisecting what ClickHouse refuses), wait for the dead letters'
 * acknowledgements, commit offsets. The consumer is only touched by the loop's thread; inserts of a
 * round run in parallel while the loop keeps polling and decoding the next records, and one round
 * is in flight at a time. The consumer, writer and dead-letter sink are injected, so tests swap any
 * of them.
 */
public final class KafkaSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
  private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(5);

  private final Consumer<byte[], byte[]> consumer;
  private final Map<String, SinkTable<?>> tablesByTopic;
  private final BatchWriter writer;
  private final SinkSettings settings;
  private final BatchingPolicy policy;
  private final SinkMetrics metrics;
  private final ExecutorService writers;
  private final BatchInserter inserter;
  private final PartitionBuffers buffers;
  private final Set<TopicPartition> revoked = ConcurrentHashMap.newKeySet();
  private Round inFlight;
  private volatile boolean running = true;
  private long lagCheckedNanos;

  /** Batches being inserted (one per partition), and the offsets to commit once each landed. */
  private record Round(
      Map<TopicPartition, CompletableFuture<Void>> inserts,
      Map<TopicPartition, OffsetAndMetadata> done) {
    boolean isDone() {
      return inserts.values().stream().allMatch(CompletableFuture::isDone);
    }
  }

  public KafkaSink(
      Consumer<byte[], byte[]> consumer,
      Map<String, SinkTable<?>> tablesByTopic,
      BatchWriter writer,
      DeadLetters deadLetters,
      SinkSettings settings,
      SinkMetrics metrics) {
    this.consumer = consumer;
    this.tablesByTopic = Map.copyOf(tablesByTopic);
    this.buffers = new PartitionBuffers(this.tablesByTopic);
    this.writer = writer;
    this.settings = settings;
    this.policy = settings.policy();
    this.metrics = metrics;
    this.inserter =
        new BatchInserter(
            writer,
            deadLetters,
            metrics,
            settings.backoff(),
            () -> running,
            tp -> !revoked.contains(tp));
    this.writers =
        Executors.newFixedThreadPool(
            settings.writerThreads(),
            r -> {
              Thread t = new Thread(r, "sink-writer");
              t.setDaemon(true);
              return t;
            });
  }

  public SinkMetrics metrics() {
    return metrics;
  }

  public void subscribe() {
    consumer.subscribe(tablesByTopic.keySet(), new Rebalance());
  }

  /** Runs until {@link #stop()}; then writes what is buffered (unless ClickHouse is down). */
  public void run() {
    subscribe();
    try {
      while (running) {
        pollOnce(settings.pollTimeout());
      }
      flushEverything();
    } catch (BatchInserter.Stopped e) {
      LOG.warn(e.getMessage());
    }
  }

  /** Asks {@link #run()} to finish; safe from any thread. */
  public void stop() {
    running = false;
  }

  /** One poll, and the round it completes or starts. Exposed for tests that drive the loop. */
  public void pollOnce(Duration timeout) {
    buffers.applyBackpressure(consumer, settings.maxRows());
    long t0 = System.nanoTime();
    ConsumerRecords<byte[], byte[]> records =
        consumer.poll(inFlight == null ? timeout : min(timeout, IN_FLIGHT_POLL));
    if (!records.isEmpty()) {
      metrics.recordConsumed();
    }
    buffers.add(records);
    metrics.addPoll(System.nanoTime() - t0);
    updateLag();
    finishRound(false);
    if (inFlight == null) {
      List<PartitionBuffer.Cut<?>> due = buffers.due(policy);
      if (!due.isEmpty()) {
        startRound(due);
      }
    }
  }

  /** Writes everything buffered regardless of size and age (shutdown, end of a bench). */
  public void flushEverything() {
    finishRound(true);
    List<PartitionBuffer.Cut<?>> due = buffers.everything();
    if (!due.isEmpty()) {
      startRound(due);
      finishRound(true);
    }
  }

  /** Records not yet consumed in the assigned partitions, as the consumer knows it (no I/O). */
  private void updateLag() {
    long now = System.nanoTime();
    if (now - lagCheckedNanos < 1_000_000_000L) {
      return;
    }
    lagCheckedNanos = now;
    long lag = 0;
    for (TopicPartition tp : consumer.assignment()) {
      lag += consumer.currentLag(tp).orElse(0);
    }
    metrics.lag(lag);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Round, first half: intents committed, inserts started on the writer threads. */
  private void startRound(List<PartitionBuffer.Cut<?>> batches) {
    Map<TopicPartition, OffsetAndMetadata> intents = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    for (PartitionBuffer.Cut<?> b : batches) {
      TopicPartition tp = new TopicPartition(b.topic(), b.partition());
      intents.put(tp, new OffsetAndMetadata(b.firstOffset(), OffsetIntent.pending(b.lastOffset())));
      done.put(tp, new OffsetAndMetadata(b.lastOffset() + 1, ""));
    }
    long t0 = System.nanoTime();
    consumer.commitSync(intents);
    metrics.addCommit(System.nanoTime() - t0);
    Map<TopicPartition, CompletableFuture<Void>> inserts = new HashMap<>();
    for (PartitionBuffer.Cut<?> b : batches) {
      inserts.put(
          new TopicPartition(b.topic(), b.partition()),
          CompletableFuture.runAsync(() -> inserter.insert(b), writers));
    }
    inFlight = new Round(inserts, done);
  }

  /**
   * Round, second half: once every range landed (rows inserted, dead letters acknowledged), its
   * offsets are committed. A range abandoned because its partition was revoked commits nothing: its
   * intent stays, and the next owner replays it.
   */
  private void finishRound(boolean wait) {
    Round round = inFlight;
    if (round == null || (!wait && !round.isDone())) {
      return;
    }
    inFlight = null;
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    for (var e : round.inserts().entrySet()) {
      try {
        e.getValue().join();
        done.put(e.getKey(), round.done().get(e.getKey()));
      } catch (CompletionException ex) {
        if (!(ex.getCause() instanceof BatchInserter.Abandoned)) {
          throw ex.getCause() instanceof RuntimeException r ? r : ex;
        }
        LOG.info(ex.getCause().getMessage());
      }
    }
    done.keySet().retainAll(consumer.assignment());
    if (!done.isEmpty()) {
      long t0 = System.nanoTime();
      consumer.commitSync(done);
      metrics.committed();
      metrics.addCommit(System.nanoTime() - t0);
    }
  }

  @Override
  public void close() {
    writers.shutdownNow();
    consumer.close();
  }

  /** Buffers follow assignment; a new owner reads pending intents before its first poll. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // finish the round in flight (its commit needs the partitions still assigned); a range of
      // a revoked partition still retrying (ClickHouse away) gives up at its next back-off, so
      // this waits at most one attempt (bounded by sink.insert-timeout) and the rebalance goes on;
      // unflushed records are re-read by the next owner from the committed offset (and intent)
      revoked.addAll(partitions);
      finishRound(true);
      partitions.forEach(buffers::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      revoked.removeAll(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
      for (TopicPartition tp : partitions) {
        buffers.remove(tp);
        OffsetAndMetadata c = committed.get(tp);
        OptionalLong end = OffsetIntent.parse(c == null ? null : c.metadata());
        if (end.isPresent()) {
          LOG.info("{}: replaying pending batch {}..{}", tp, c.offset(), end.getAsLong());
          buffers.replayUntil(tp, end.getAsLong());
        }
      }
    }
  }
}
