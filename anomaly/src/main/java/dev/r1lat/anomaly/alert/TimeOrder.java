package dev.r1lat.anomaly.alert;

import dev.r1lat.schema.LatencyAnomaly;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one poll in detection-time order across partitions, each partition still in offset
 * order (a merge of the partitions' heads). The anomalies topic is keyed by group, so the group
 * levels of one fault sit on different partitions; read partition after partition (as a consumer
 * catching up on a backlog does) one level's whole lifecycle would come before the next level's
 * opening. Merged, they come as the streams app detected them.
 */
final class TimeOrder {
  /** One record, decoded once ({@code anomaly} empty: undecodable). */
  record Item(
      TopicPartition partition,
      ConsumerRecord<String, byte[]> record,
      Optional<LatencyAnomaly> anomaly) {}

  private static final Comparator<Item> ORDER =
      Comparator.<Item>comparingLong(
              i -> i.anomaly().map(LatencyAnomaly::getDetectedAtMs).orElse(Long.MIN_VALUE))
          .thenComparingLong(
              i -> i.anomaly().map(LatencyAnomaly::getWindowStartMs).orElse(Long.MIN_VALUE))
          .thenComparing(i -> i.anomaly().map(LatencyAnomaly::getAnomalyId).orElse(""))
          .thenComparing(i -> i.partition().toString());

  private TimeOrder() {}

  static List<Item> merge(
      ConsumerRecords<String, byte[]> records,
      Function<ConsumerRecord<String, byte[]>, Optional<LatencyAnomaly>> decode) {
    PriorityQueue<Deque<Item>> heads =
        new PriorityQueue<>(Comparator.comparing((Deque<Item> d) -> d.peekFirst(), ORDER));
    for (TopicPartition tp : records.partitions()) {
      Deque<Item> items = new ArrayDeque<>();
      for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
        items.add(new Item(tp, r, decode.apply(r)));
      }
      if (!items.isEmpty()) {
        heads.add(items);
      }
    }
    List<Item> out = new ArrayList<>(records.count());
    while (!heads.isEmpty()) {
      Deque<Item> next = heads.poll();
      out.add(next.pollFirst());
      if (!next.isEmpty()) {
        heads.add(next);
      }
    }
    return out;
  }
}
