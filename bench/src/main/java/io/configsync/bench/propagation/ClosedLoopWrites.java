package io.configsync.bench.propagation;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Writes as fast as {@code clients} concurrent clients can, closed loop: each sends its next write
 * when its previous one is answered. Only answers that arrive inside the measured window count.
 */
public final class ClosedLoopWrites {

  /**
   * What the window saw. Latencies are send → answer, in µs.
   *
   * @param failures why the first {@value #FAILURES_KEPT} failed writes failed (a failure is no HTTP
   *     answer at all: a connection closed or reset, a timeout)
   */
  public record Outcome(int clients, Duration window, long accepted, long refused, long failed, Histogram latency,
                        List<String> failures) {

    public double acceptedPerSecond() {
      return accepted / (window.toNanos() / 1e9);
    }
  }

  static final int FAILURES_KEPT = 3;

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private ClosedLoopWrites() {}

  /**
   * Blocks the calling (non Vert.x) thread for {@code rampUp + window} plus the last answers.
   *
   * @param onWindowStart and {@code onWindowEnd} run on the calling thread at the window's edges
   */
  public static Outcome run(Vertx vertx, Writes writes, long firstSequence, int clients, Duration rampUp,
                     Duration window, Runnable onWindowStart, Runnable onWindowEnd) throws InterruptedException {
    long start = System.nanoTime();
    long windowStart = start + rampUp.toNanos();
    long windowEnd = windowStart + window.toNanos();
    Load load = new Load(writes, firstSequence, windowStart, windowEnd, clients);
    vertx.runOnContext(v -> {
      for (int i = 0; i < clients; i++) {
        load.next();
      }
    });
    sleepUntil(windowStart);
    onWindowStart.run();
    sleepUntil(windowEnd);
    onWindowEnd.run();
    if (!load.finished.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(clients + " clients' last writes were not answered within "
          + DRAIN_TIMEOUT.toSeconds() + " s");
    }
    return new Outcome(clients, window, load.accepted, load.refused, load.failed, load.latency,
        List.copyOf(load.failures));
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** The clients; confined to one event loop. Read by the bench thread after {@link #finished}. */
  private static final class Load {
    final Writes writes;
    final long windowStart;
    final long windowEnd;
    final CountDownLatch finished;
    final Histogram latency = Latencies.newHistogram();
    long sequence;
    long accepted;
    long refused;
    long failed;
    final List<String> failures = new ArrayList<>();

    Load(Writes writes, long firstSequence, long windowStart, long windowEnd, int clients) {
      this.writes = writes;
      this.sequence = firstSequence;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
      this.finished = new CountDownLatch(clients);
    }

    void next() {
      long sent = System.nanoTime();
      if (sent >= windowEnd) {
        finished.countDown();
        return;
      }
      writes.put(sequence++).onComplete(result -> {
        long answered = System.nanoTime();
        if (answered >= windowStart && answered < windowEnd) {
          if (result.succeeded()) {
            accepted++;
            Latencies.record(latency, (answered - sent) / 1_000);
          } else if (result.cause() instanceof Writes.Refused) {
            refused++;
          } else {
            failed++;
            if (failures.size() < FAILURES_KEPT) {
              failures.add(result.cause().toString());
            }
          }
        }
        next();
      });
    }
  }
}
