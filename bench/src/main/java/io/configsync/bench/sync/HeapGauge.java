package io.configsync.bench.sync;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap this JVM retains: used heap after full collections (not the RSS, which counts what the
 * collector keeps reserved). Needs a collector that honours {@code System.gc()} with a full
 * collection, as G1 does by default.
 */
final class HeapGauge {

  private static final int COLLECTIONS = 4;
  private static final long SETTLE_MS = 150;

  private HeapGauge() {}

  /** Used heap after several full collections; the lowest seen, so a straggling allocation does not count. */
  static long retainedBytes() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < COLLECTIONS; i++) {
      System.gc();
      Thread.sleep(SETTLE_MS);
      lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
    }
    return lowest;
  }
}
