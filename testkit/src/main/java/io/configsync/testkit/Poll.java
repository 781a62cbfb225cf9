package io.configsync.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a real condition until it holds, with a deadline: for tests that drive processes from the
 * JUnit thread. Never a fixed wait: the condition is what the test waits for.
 */
public final class Poll {

  private static final long INTERVAL_MILLIS = 50;

  private Poll() {}

  /** Returns once {@code condition} holds; fails naming {@code what} after {@code limit}. */
  public static void until(BooleanSupplier condition, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + limit.toSeconds() + " s waiting for " + what);
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(INTERVAL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling", e);
    }
  }
}
