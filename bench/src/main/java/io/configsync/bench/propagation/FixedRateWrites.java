package io.configsync.bench.propagation;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes at a fixed rate, open loop: the i-th write is due at {@code start + i / rate} whether or
 * not earlier ones were answered, and every latency is measured from that INTENDED time, so a
 * stall delays the measured writes behind it instead of hiding them (no coordinated omission).
 * A 1 ms timer sends whatever is due.
 */
final class FixedRateWrites {

  /** What happened to each write, by index. {@code revisions[i]} is 0 for a write that was not accepted. */
  record Outcome(long startNanos, double rate, long[] intendedNanos, long[] respondedNanos, long[] revisions,
                 int refused, int failed) {

    int count() {
      return intendedNanos.length;
    }

    long lastRevision() {
      long last = 0;
      for (long revision : revisions) {
        last = Math.max(last, revision);
      }
      return last;
    }

    /** Writes due at or after {@code offset} from the start: the measured ones, after the warm-up. */
    int firstIndexAfter(Duration offset) {
      return (int) Math.min(count(), Math.ceil(offset.toNanos() / 1e9 * rate));
    }
  }

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private FixedRateWrites() {}

  /**
   * Blocks the calling (non Vert.x) thread until every write was answered.
   *
   * @param firstSequence numbers the writes, so that each changes a config
   */
  static Outcome run(Vertx vertx, ConfigWrites writes, long firstSequence, double rate, Duration duration) {
    int count = (int) Math.round(rate * duration.toNanos() / 1e9);
    long[] intended = new long[count];
    long[] responded = new long[count];
    long[] revisions = new long[count];
    int[] refusedAndFailed = new int[2];
    CompletableFuture<Void> answered = new CompletableFuture<>();
    long start = System.nanoTime() + 5_000_000;
    double periodNanos = 1e9 / rate;
    for (int i = 0; i < count; i++) {
      intended[i] = start + Math.round(i * periodNanos);
    }
    int[] sentAndAnswered = new int[2];
    // Everything below runs on the timer's event loop: the counters need no locks.
    long timer = vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (sentAndAnswered[0] < count && intended[sentAndAnswered[0]] <= now) {
        int i = sentAndAnswered[0]++;
        writes.put(firstSequence + i).onComplete(result -> {
          responded[i] = System.nanoTime();
          if (result.succeeded()) {
            revisions[i] = result.result();
          } else if (result.cause() instanceof ConfigWrites.Refused) {
            refusedAndFailed[0]++;
          } else {
            refusedAndFailed[1]++;
          }
          if (++sentAndAnswered[1] == count) {
            answered.complete(null);
          }
        });
      }
      if (sentAndAnswered[0] == count) {
        vertx.cancelTimer(id);
      }
    });
    try {
      answered.get(duration.plus(ANSWER_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      vertx.cancelTimer(timer);
      throw new IllegalStateException("writes at " + rate + "/s were not all answered in time", e);
    }
    return new Outcome(start, rate, intended, responded, revisions, refusedAndFailed[0], refusedAndFailed[1]);
  }
}
