package io.configsync.bench.propagation;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes at a fixed rate, open loop: the i-th write is due at {@code start + i / rate} whether or
 * not earlier ones were answered, and every latency is measured from that INTENDED time, so a
 * stall delays the measured writes behind it instead of hiding them (no coordinated omission).
 * A 1 ms timer sends whatever is due.
 *
 * <p>A system that cannot take the rate builds a backlog without end; past {@link #MAX_BACKLOG} of
 * due but unanswered writes, the rest are not sent and are counted as such: the phase then says the
 * rate was not sustained instead of running for minutes.
 */
public final class FixedRateWrites {

  /**
   * What happened to each write, by index. {@code revisions[i]} is 0 for a write that was not
   * accepted; {@code unsent} writes at the end were never sent, {@code unanswered} got no answer in
   * time.
   */
  public record Outcome(long startNanos, double rate, long[] intendedNanos, long[] respondedNanos, long[] revisions,
                 int refused, int failed, int unsent, int unanswered) {

    public int count() {
      return intendedNanos.length;
    }

    /** Writes due at or after {@code offset} from the start: the measured ones, after the warm-up. */
    public int firstIndexAfter(Duration offset) {
      return (int) Math.min(count(), Math.ceil(offset.toNanos() / 1e9 * rate));
    }
  }

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MAX_BACKLOG = Duration.ofSeconds(5);

  private final Context context;
  private final Writes writes;
  private final long firstSequence;
  private final double rate;
  private final long start;
  private final long[] intended;
  private final long[] responded;
  private final long[] revisions;
  private final CompletableFuture<Outcome> done = new CompletableFuture<>();
  private final int maxOutstanding;
  private int sent;
  private int answered;
  private int refused;
  private int failed;
  private boolean stopSending;
  private boolean closed;
  private long timer;

  private FixedRateWrites(Vertx vertx, Writes writes, long firstSequence, double rate, Duration duration) {
    this.context = vertx.getOrCreateContext();
    this.writes = writes;
    this.firstSequence = firstSequence;
    this.rate = rate;
    int count = (int) Math.round(rate * duration.toNanos() / 1e9);
    this.intended = new long[count];
    this.responded = new long[count];
    this.revisions = new long[count];
    this.maxOutstanding = (int) Math.max(100, rate * MAX_BACKLOG.toNanos() / 1e9);
    this.start = System.nanoTime() + 5_000_000;
    double periodNanos = 1e9 / rate;
    for (int i = 0; i < count; i++) {
      intended[i] = start + Math.round(i * periodNanos);
    }
  }

  /**
   * Blocks the calling (non Vert.x) thread until every write sent was answered, or for at most
   * {@code duration} and {@link #ANSWER_TIMEOUT} more.
   *
   * @param firstSequence numbers the writes, so that each changes a config
   */
  public static Outcome run(Vertx vertx, Writes writes, long firstSequence, double rate, Duration duration)
      throws InterruptedException {
    FixedRateWrites load = new FixedRateWrites(vertx, writes, firstSequence, rate, duration);
    load.context.runOnContext(v -> load.begin(vertx));
    try {
      return load.done.get(duration.plus(ANSWER_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      load.context.runOnContext(v -> load.finish());
      try {
        return load.done.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException stuck) {
        throw new IllegalStateException("the writers' event loop does not answer", stuck);
      }
    }
  }

  // Everything below runs on this load's context: no locks needed.

  private void begin(Vertx vertx) {
    if (intended.length == 0) {
      finish();
      return;
    }
    timer = vertx.setPeriodic(1, id -> sendDue());
  }

  private void sendDue() {
    long now = System.nanoTime();
    while (!stopSending && sent < intended.length && intended[sent] <= now) {
      if (sent - answered >= maxOutstanding) {
        stopSending = true;
        break;
      }
      int i = sent++;
      writes.put(firstSequence + i).onComplete(result -> answered(i, result));
    }
    if (stopSending || sent == intended.length) {
      context.owner().cancelTimer(timer);
      if (answered == sent) {
        finish();
      }
    }
  }

  private void answered(int i, io.vertx.core.AsyncResult<Long> result) {
    if (closed) {
      return;
    }
    responded[i] = System.nanoTime();
    if (result.succeeded()) {
      revisions[i] = result.result();
    } else if (result.cause() instanceof Writes.Refused) {
      refused++;
    } else {
      failed++;
    }
    if (++answered == sent && (stopSending || sent == intended.length)) {
      finish();
    }
  }

  private void finish() {
    if (closed) {
      return;
    }
    closed = true;
    context.owner().cancelTimer(timer);
    done.complete(new Outcome(start, rate, intended, responded, revisions, refused, failed,
        intended.length - sent, sent - answered));
  }
}
