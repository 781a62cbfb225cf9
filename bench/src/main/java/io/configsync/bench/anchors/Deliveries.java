package io.configsync.bench.anchors;

import io.configsync.bench.propagation.FixedRateWrites;
import io.configsync.bench.propagation.Latencies;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * When the subscriber of an anchor saw each write, by the key the write was acknowledged with (an
 * etcd revision, a Redis message's sequence). Written on the subscriber's event loop, read by the
 * bench thread.
 */
final class Deliveries {

  /** The latencies of the measured writes, and how many of them the subscriber never saw. */
  record Result(Histogram latency, int missing) {}

  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

  private final ConcurrentHashMap<Long, Long> seenNanos = new ConcurrentHashMap<>();

  void seen(long key) {
    seenNanos.putIfAbsent(key, System.nanoTime());
  }

  /**
   * Intended send time → seen, for the writes of {@code outcome} from {@code firstMeasured} on:
   * open loop, so a stall delays the writes behind it instead of hiding them. Waits for the last
   * deliveries (at most 30 s); blocks the calling bench thread.
   */
  Result since(FixedRateWrites.Outcome outcome, int firstMeasured) throws InterruptedException {
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
    while (unseen(outcome, firstMeasured) > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    Histogram latency = Latencies.newHistogram();
    int missing = 0;
    for (int i = firstMeasured; i < outcome.count(); i++) {
      Long seen = outcome.revisions()[i] == 0 ? null : seenNanos.get(outcome.revisions()[i]);
      if (seen == null) {
        missing++;
      } else {
        Latencies.record(latency, (seen - outcome.intendedNanos()[i]) / 1_000);
      }
    }
    return new Result(latency, missing);
  }

  private int unseen(FixedRateWrites.Outcome outcome, int from) {
    int unseen = 0;
    for (int i = from; i < outcome.count(); i++) {
      if (outcome.revisions()[i] != 0 && !seenNanos.containsKey(outcome.revisions()[i])) {
        unseen++;
      }
    }
    return unseen;
  }
}
