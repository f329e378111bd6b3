package dev.r1lat.ingest.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides whether a request is worked on and bounds how long its answer takes, independent of the
 * HTTP server. A fixed set of workers with a bounded queue: a request that finds the queue full is
 * refused at once (the caller answers 429 with {@link #retryAfterSeconds()}); an admitted one is
 * answered by its {@link Deadline} whatever blocks, because a timer completes its answer with the
 * caller's fallback (503) when the work is not done by then (a little before: min(50 ms, 5 % of the
 * timeout) is left for writing the answer, so that it reaches the client by the deadline). A
 * request still queued when its deadline passes is never started: its client has its answer
 * already, and reading its body or writing it to Kafka could only produce duplicates. Workers are
 * never interrupted (an interrupt closes a blocking channel and may leave the Kafka producer
 * mid-send); the work itself checks the deadline between stages. Thread-safe.
 */
public final class AdmissionControl implements AutoCloseable {
  private final ThreadPoolExecutor workers;
  private final Semaphore permits;
  private final ScheduledThreadPoolExecutor timer;
  private final Duration timeout;
  private final Duration writeSlack;
  private final long retryAfterSeconds;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder shed = new LongAdder();
  private final LongAdder timedOut = new LongAdder();

  /**
   * @param workers threads that run admitted work
   * @param queueSize admitted work that may wait for a thread (0: as many as there are workers)
   * @param timeout from arrival to answer, queue wait included
   * @param retryAfter what to tell refused and timed-out clients; at least a second on the wire
   */
  public AdmissionControl(
      int workers, int queueSize, Duration timeout, Duration retryAfter, String threadPrefix) {
    // the semaphore is the bound (exact under bursts, unlike a bounded queue that refuses while
    // idle workers have not yet taken their task); the executor's own queue never holds more
    this.permits = new Semaphore(workers + queueSize);
    this.workers =
        new ThreadPoolExecutor(
            workers,
            workers,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            daemons(threadPrefix + "-worker-"));
    this.timer = new ScheduledThreadPoolExecutor(1, daemons(threadPrefix + "-deadline-"));
    this.timer.setRemoveOnCancelPolicy(true); // answered requests leave no timer behind
    this.timeout = timeout;
    this.writeSlack = Duration.ofMillis(Math.min(50, timeout.toMillis() / 20));
    this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }

  /** The deadline of a request arriving now. */
  public Deadline deadline() {
    return Deadline.in(timeout);
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Runs {@code work} on a worker, or refuses at once.
   *
   * @return empty when the queue is full (answer 429); otherwise the answer: what {@code work}
   *     returns, or what {@code onDeadline} returns if the deadline passes first
   */
  public <T> Optional<CompletableFuture<T>> submit(
      Deadline deadline, Function<Deadline, T> work, Supplier<T> onDeadline) {
    if (!permits.tryAcquire()) {
      shed.increment();
      return Optional.empty();
    }
    CompletableFuture<T> answer = new CompletableFuture<>();
    ScheduledFuture<?> backstop =
        timer.schedule(
            () -> answerLate(answer, onDeadline),
            Math.max(0, deadline.remainingNanos() - writeSlack.toNanos()),
            TimeUnit.NANOSECONDS);
    inFlight.incrementAndGet();
    try {
      workers.execute(() -> run(deadline, work, onDeadline, answer, backstop));
    } catch (RejectedExecutionException closed) {
      inFlight.decrementAndGet();
      permits.release();
      backstop.cancel(false);
      answer.complete(onDeadline.get());
    }
    return Optional.of(answer);
  }

  private <T> void run(
      Deadline deadline,
      Function<Deadline, T> work,
      Supplier<T> onDeadline,
      CompletableFuture<T> answer,
      ScheduledFuture<?> backstop) {
    try {
      if (deadline.expired() || answer.isDone()) {
        answerLate(answer, onDeadline);
        return; // never started: nothing read, nothing sent
      }
      answer.complete(work.apply(deadline));
    } catch (Throwable t) {
      answer.completeExceptionally(t);
    } finally {
      backstop.cancel(false);
      inFlight.decrementAndGet();
      permits.release();
    }
  }

  /** Counted before the answer is visible, so whoever sees the answer sees the count. */
  private <T> void answerLate(CompletableFuture<T> answer, Supplier<T> onDeadline) {
    if (answer.isDone()) {
      return;
    }
    timedOut.increment();
    if (!answer.complete(onDeadline.get())) {
      timedOut.decrement(); // the work answered in between
    }
  }

  /** Whole seconds for {@code Retry-After}. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Admitted requests not finished by their worker: running plus queued. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Requests refused because the queue was full, since start. */
  public long shed() {
    return shed.sum();
  }

  /** Requests answered by the deadline rather than by their work, since start. */
  public long timedOut() {
    return timedOut.sum();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    timer.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
