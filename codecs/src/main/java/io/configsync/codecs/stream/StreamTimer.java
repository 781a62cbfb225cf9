package io.configsync.codecs.stream;

import io.vertx.core.Vertx;

/**
 * The time an {@link OrderedStream} waits by: Vert.x timers in production (they fire on the caller's
 * context), a driven clock in tests.
 */
public interface StreamTimer {

  long nanoTime();

  /** Runs {@code task} after {@code delayMs}, on the owner's context. */
  void schedule(long delayMs, Runnable task);

  /** Vert.x timers, set from (and so firing on) the stream owner's context. */
  static StreamTimer of(Vertx vertx) {
    return new StreamTimer() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void schedule(long delayMs, Runnable task) {
        vertx.setTimer(delayMs, id -> task.run());
      }
    };
  }
}
