package dev.r1lat.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {
  final CountDownLatch release = new CountDownLatch(1);
  AdmissionControl admission;

  @AfterEach
  void stop() {
    release.countDown();
    if (admission != null) {
      admission.close();
    }
  }

  String blockUntilReleased(Deadline d) {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "done";
  }

  @Test
  void shouldRunAsManyAsWorkersQueueAsManyAsTheQueueHoldsAndRefuseTheRest() throws Exception {
    admission = new AdmissionControl(2, 3, Duration.ofSeconds(30), Duration.ofSeconds(1), "t");
    List<CompletableFuture<String>> admitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Optional<CompletableFuture<String>> f =
          admission.submit(admission.deadline(), this::blockUntilReleased, () -> "late");
      assertThat(f).as("request %d fits in 2 workers + 3 queued", i).isPresent();
      admitted.add(f.get());
    }
    assertThat(admission.submit(admission.deadline(), this::blockUntilReleased, () -> "late"))
        .isEmpty();
    assertThat(admission.shed()).isEqualTo(1);
    assertThat(admission.inFlight()).isEqualTo(5);

    release.countDown();
    for (CompletableFuture<String> f : admitted) {
      assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("done");
    }
    assertThat(admission.timedOut()).isZero();
    awaitInFlight(0);
    assertThat(admission.submit(admission.deadline(), d -> "again", () -> "late")).isPresent();
  }

  @Test
  void shouldAnswerByTheDeadlineWhateverTheWorkBlocksOn() throws Exception {
    Duration timeout = Duration.ofMillis(300);
    admission = new AdmissionControl(1, 1, timeout, Duration.ofSeconds(1), "t");
    long start = System.nanoTime();
    CompletableFuture<String> running =
        admission.submit(admission.deadline(), this::blockUntilReleased, () -> "503").get();
    CompletableFuture<String> queued =
        admission.submit(admission.deadline(), this::blockUntilReleased, () -> "503").get();

    assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("503");
    assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("503");
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMs).isGreaterThanOrEqualTo(timeout.toMillis() * 9 / 10).isLessThan(1_000);
    assertThat(admission.timedOut()).isEqualTo(2);
  }

  @Test
  void shouldNeverStartWorkWhoseDeadlinePassedWhileItWaited() throws Exception {
    admission = new AdmissionControl(1, 1, Duration.ofMillis(200), Duration.ofSeconds(1), "t");
    AtomicBoolean started = new AtomicBoolean();
    admission.submit(admission.deadline(), this::blockUntilReleased, () -> "503");
    CompletableFuture<String> queued =
        admission
            .submit(
                admission.deadline(),
                d -> {
                  started.set(true);
                  return "worked";
                },
                () -> "503")
            .get();
    assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("503");
    release.countDown();
    awaitInFlight(0);
    assertThat(started).as("its client had its 503 already").isFalse();
  }

  @Test
  void shouldPassTheDeadlineToTheWorkAndReportItsFailure() throws Exception {
    admission = new AdmissionControl(1, 0, Duration.ofSeconds(10), Duration.ofSeconds(1), "t");
    Deadline deadline = admission.deadline();
    CompletableFuture<Deadline> seen = admission.submit(deadline, d -> d, () -> null).orElseThrow();
    assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(deadline);
    CompletableFuture<String> failed =
        admission
            .submit(
                admission.deadline(),
                d -> {
                  throw new IllegalStateException("boom");
                },
                () -> "503")
            .orElseThrow();
    assertThat(failed).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void shouldRoundRetryAfterUpToWholeSecondsAndAtLeastOne() {
    try (AdmissionControl a =
        new AdmissionControl(1, 1, Duration.ofSeconds(1), Duration.ofMillis(1_500), "t")) {
      assertThat(a.retryAfterSeconds()).isEqualTo(2);
    }
    try (AdmissionControl a =
        new AdmissionControl(1, 1, Duration.ofSeconds(1), Duration.ZERO, "t")) {
      assertThat(a.retryAfterSeconds()).isEqualTo(1);
    }
  }

  @Test
  void deadlineShouldCountDownFromOnePoint() throws Exception {
    Deadline d = Deadline.in(Duration.ofMillis(100));
    assertThat(d.expired()).isFalse();
    assertThat(d.earlier(Duration.ofMillis(100)).expired()).isTrue();
    Thread.sleep(120);
    assertThat(d.expired()).isTrue();
    assertThat(d.remainingNanos()).isZero();
  }

  private void awaitInFlight(int n) throws InterruptedException {
    long until = System.currentTimeMillis() + 5_000;
    while (admission.inFlight() != n && System.currentTimeMillis() < until) {
      Thread.sleep(10);
    }
    assertThat(admission.inFlight()).isEqualTo(n);
  }
}
