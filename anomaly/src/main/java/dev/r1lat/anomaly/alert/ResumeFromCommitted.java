package dev.r1lat.anomaly.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Rebuilds the forwarder's open anomalies after a (re)start. The forwarder resumes delivering at
 * the committed offset, but which anomalies are still open, and their incidents, is in the events
 * before it: for each assigned partition with a committed offset this rewinds to the beginning and
 * marks the events before the committed offset as replay (observed, never posted again). The
 * anomalies topic is small (lifecycle events only, 30 days), so the replay is short.
 */
final class ResumeFromCommitted implements ConsumerRebalanceListener {
  private final Consumer<?, ?> consumer;
  private final Map<TopicPartition, Long> replayUntil = new HashMap<>();

  ResumeFromCommitted(Consumer<?, ?> consumer) {
    this.consumer = consumer;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions));
    List<TopicPartition> rewind = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata c = committed.get(tp);
      if (c != null && c.offset() > 0) {
        replayUntil.put(tp, c.offset());
        rewind.add(tp);
      }
    }
    consumer.seekToBeginning(rewind);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    partitions.forEach(replayUntil::remove);
  }

  /** True for an event that was delivered before this run: observe it, do not post it. */
  boolean isReplay(ConsumerRecord<?, ?> r) {
    Long until = replayUntil.get(new TopicPartition(r.topic(), r.partition()));
    return until != null && r.offset() < until;
  }

  /** Drops the partitions whose replay is over (called after each poll). */
  void update() {
    replayUntil
        .entrySet()
        .removeIf(
            e ->
                !consumer.assignment().contains(e.getKey())
                    || consumer.position(e.getKey()) >= e.getValue());
  }

  /** True once every assigned partition is past its replay: the open set is complete. */
  boolean done() {
    return replayUntil.isEmpty();
  }
}
