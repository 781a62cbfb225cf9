package io.configsync.bench.propagation;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The event-loop threads of the bench's own Vert.x instance (HTTP load and the bridge bots it
 * simulates), so that their CPU time can be set apart from the system under test's in the same JVM.
 */
final class LoadGeneratorThreads {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Set<Long> ids = ConcurrentHashMap.newKeySet();

  /** Starts every event loop of {@code vertx} and notes its thread; blocks the bench thread briefly. */
  static LoadGeneratorThreads of(Vertx vertx) {
    LoadGeneratorThreads threads = new LoadGeneratorThreads();
    var loops = ((VertxInternal) vertx).nettyEventLoopGroup();
    int count = 0;
    for (EventExecutor ignored : loops) {
      count++;
    }
    CountDownLatch noted = new CountDownLatch(count);
    for (EventExecutor loop : loops) {
      loop.execute(() -> {
        threads.ids.add(Thread.currentThread().getId());
        noted.countDown();
      });
    }
    try {
      if (!noted.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the load generator's event loops did not start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while noting the load generator's threads", e);
    }
    return threads;
  }

  /** Their CPU time so far, in ns (0 where the JVM cannot measure thread CPU time). */
  long cpuNanos() {
    if (!THREADS.isThreadCpuTimeSupported()) {
      return 0;
    }
    long total = 0;
    for (long id : ids) {
      total += Math.max(0, THREADS.getThreadCpuTime(id));
    }
    return total;
  }
}
