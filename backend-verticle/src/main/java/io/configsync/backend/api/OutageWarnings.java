package io.configsync.backend.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decides which "database unavailable" answers get a log line: the first one, then at most one per
 * interval that says how many were answered without a line since. During an outage every request
 * fails the same way; a line for each would bury the log at hundreds of requests per second.
 */
final class OutageWarnings {

  /** What to log for one failed request: nothing, or a line that also counts the ones left out. */
  record Decision(boolean log, long leftOut) {}

  private static final Decision QUIET = new Decision(false, 0);

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private long lastLoggedAt;
  private boolean loggedOnce;
  private long leftOut;

  OutageWarnings(Duration interval, LongSupplier nanoClock) {
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  static OutageWarnings everyTenSeconds() {
    return new OutageWarnings(Duration.ofSeconds(10), System::nanoTime);
  }

  /** Called once per request answered 503 because the database is unavailable. */
  synchronized Decision onUnavailable() {
    long now = nanoClock.getAsLong();
    if (loggedOnce && now - lastLoggedAt < intervalNanos) {
      leftOut++;
      return QUIET;
    }
    Decision decision = new Decision(true, leftOut);
    loggedOnce = true;
    lastLoggedAt = now;
    leftOut = 0;
    return decision;
  }

  long intervalSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(intervalNanos);
  }
}
