package dev.r1lat.anomaly.alert;

import static dev.r1lat.anomaly.alert.AnomalyEvents.event;
import static dev.r1lat.schema.AnomalyState.OPEN;
import static dev.r1lat.schema.AnomalyState.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyAnomaly;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The forwarder's delivery rules on a mock consumer, a scripted receiver and an in-memory DLQ. */
class AlertForwarderTest {
  private static final String TOPIC = "anomalies";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private final AvroCodec<LatencyAnomaly> codec = AvroCodec.of(LatencyAnomaly.class);
  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final List<String> posted = new CopyOnWriteArrayList<>();
  private final List<AlertDeadLetters.Refusal> deadLetters = new CopyOnWriteArrayList<>();
  private final List<ConsumerRecord<String, byte[]>> deadLettered = new CopyOnWriteArrayList<>();

  /** Answers each post with the next status (the last one repeats). */
  private WebhookSender receiver(int... statuses) {
    List<Integer> script = new ArrayList<>();
    for (int s : statuses) {
      script.add(s);
    }
    return new WebhookSender() {
      @Override
      public void post(String json) throws DeliveryException {
        int status = script.size() > 1 ? script.remove(0) : script.get(0);
        if (status >= 300) {
          boolean permanent = status < 500;
          throw new DeliveryException("HTTP " + status, permanent, status, "bad alert: " + status);
        }
        posted.add(json);
      }

      @Override
      public String target() {
        return "http://am/api/v2/alerts";
      }
    };
  }

  private AlertForwarder forwarder(WebhookSender sender, Duration repost) {
    return new AlertForwarder(
        consumer,
        sender,
        new AlertmanagerApiFormat(new SqlLink("", "r1lat"), Duration.ofMinutes(4)),
        (event, refusal) -> {
          deadLettered.add(event);
          deadLetters.add(refusal);
        },
        new AlertForwarder.Options(
            TOPIC, Duration.ofMillis(10), Duration.ofMillis(40), repost, AnomalyFilter.all()),
        m -> System.out.println("[forward] " + m),
        Clock.systemUTC());
  }

  private void feed(long committed, List<LatencyAnomaly> events) {
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(TP));
          if (committed > 0) {
            // as a previous run left it (MockConsumer commits for assigned partitions only)
            consumer.commitSync(Map.of(TP, new OffsetAndMetadata(committed)));
            consumer.rebalance(List.of());
            consumer.rebalance(List.of(TP));
          }
          for (int i = 0; i < events.size(); i++) {
            byte[] bytes = events.get(i) == null ? new byte[] {1, 2} : codec.encode(events.get(i));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, "us-east|H100", bytes));
          }
        });
  }

  private AlertForwarder.Stats runUntil(AlertForwarder f, BooleanSupplier done) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    var pool = Executors.newSingleThreadExecutor();
    try {
      Future<AlertForwarder.Stats> running = pool.submit(() -> f.run(stop));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!done.getAsBoolean() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(200);
      stop.set(true);
      return running.get();
    } finally {
      pool.shutdownNow();
    }
  }

  private long committed() {
    OffsetAndMetadata c = consumer.committed(Set.of(TP)).get(TP);
    return c == null ? 0 : c.offset();
  }

  @Test
  void shouldDeadLetterA4xxWithTheAnswerAndCommitPastItOnlyThen() throws Exception {
    feed(
        0, List.of(event("a", OPEN, "us-east", "H100", 1), event("b", OPEN, "eu-west", "A100", 1)));
    AlertForwarder f = forwarder(receiver(400, 200), Duration.ZERO);

    AlertForwarder.Stats stats = runUntil(f, () -> committed() == 2);

    assertThat(stats.deadLettered()).isEqualTo(1);
    assertThat(stats.delivered()).isEqualTo(1);
    assertThat(deadLetters).hasSize(1);
    assertThat(deadLetters.get(0).status()).isEqualTo(400);
    assertThat(deadLetters.get(0).body()).isEqualTo("bad alert: 400");
    assertThat(deadLettered.get(0).offset()).isZero();
    assertThat(committed()).isEqualTo(2);
    assertThat(f.openAlerts()).isEqualTo(1); // the refused one is not re-posted forever
  }

  @Test
  void shouldDeadLetterAnUndecodableEventInsteadOfSkippingIt() throws Exception {
    List<LatencyAnomaly> events = new ArrayList<>();
    events.add(null);
    events.add(event("a", OPEN, "us-east", "H100", 1));
    feed(0, events);

    AlertForwarder.Stats stats =
        runUntil(forwarder(receiver(200), Duration.ZERO), () -> committed() == 2);

    assertThat(stats.deadLettered()).isEqualTo(1);
    assertThat(deadLetters.get(0).reason()).isEqualTo("undecodable");
    assertThat(posted).hasSize(1);
  }

  @Test
  void shouldRetryA5xxAndNeverCommitPastTheUndeliveredEvent() throws Exception {
    feed(0, List.of(event("a", OPEN, "us-east", "H100", 1)));

    AlertForwarder.Stats stats = runUntil(forwarder(receiver(503), Duration.ZERO), () -> false);

    assertThat(stats.retries()).isGreaterThan(5);
    assertThat(stats.delivered()).isZero();
    assertThat(committed()).isZero();
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void shouldRepostOnlyTheOpenAlerts() throws Exception {
    feed(
        0,
        List.of(
            event("a", OPEN, "us-east", "H100", 1),
            event("b", OPEN, "eu-west", "A100", 1),
            event("a", RESOLVED, "us-east", "H100", 5)));

    AlertForwarder.Stats stats =
        runUntil(forwarder(receiver(503, 503, 200), Duration.ofHours(1)), () -> posted.size() >= 4);

    // three events, then one re-post (the receiver had been away) of the one still open
    assertThat(stats.delivered()).isEqualTo(3);
    assertThat(stats.reposts()).isEqualTo(1);
    assertThat(posted.get(3)).contains("eu-west").doesNotContain("us-east");
  }

  @Test
  void shouldResumeAtTheCommittedOffsetKnowingWhatIsStillOpen() throws Exception {
    feed(
        2,
        List.of(
            event("a", OPEN, "us-east", "H100", 1),
            event("b", OPEN, "eu-west", "A100", 2),
            event("a", RESOLVED, "us-east", "H100", 5),
            event("c", OPEN, "eu-west", "*", 6)));

    AlertForwarder f = forwarder(receiver(200), Duration.ofHours(1));
    AlertForwarder.Stats stats = runUntil(f, () -> posted.size() >= 3);

    assertThat(stats.delivered()).isEqualTo(2); // offsets 2 and 3, not the replayed 0 and 1
    assertThat(posted.get(0)).contains("us-east").contains("\"endsAt\":\"2026-01-01T00:06:00Z\"");
    String incidentOfB = IncidentTracker.newIncident(event("b", OPEN, "eu-west", "A100", 2));
    assertThat(posted.get(1)).contains("\"incident\":\"" + incidentOfB + "\""); // c joined b
    assertThat(posted.get(2)).contains("eu-west").doesNotContain("us-east"); // re-post: b and c
    assertThat(f.openAlerts()).isEqualTo(2);
    assertThat(committed()).isEqualTo(4);
  }
}
