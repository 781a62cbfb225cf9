package io.configsync.backend.api;

import io.configsync.codecs.LogThrottle;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides which "database unavailable" answers get a log line: the first one, then at most one per
 * interval that says how many were answered without a line since. During an outage every request
 * fails the same way; a line for each would bury the log at hundreds of requests per second.
 */
final class OutageWarnings {

  /** What to log for one failed request: nothing, or a line that also counts the ones left out. */
  record Decision(boolean log, long leftOut) {}

  private final LogThrottle throttle;
  private final long intervalSeconds;

  OutageWarnings(Duration interval, LongSupplier nanoClock) {
    this.throttle = new LogThrottle(interval, nanoClock);
    this.intervalSeconds = interval.toSeconds();
  }

  static OutageWarnings everyTenSeconds() {
    return new OutageWarnings(Duration.ofSeconds(10), System::nanoTime);
  }

  /** Called once per request answered 503 because the database is unavailable. */
  Decision onUnavailable() {
    LogThrottle.Decision decision = throttle.next();
    return new Decision(decision.log(), decision.leftOut());
  }

  long intervalSeconds() {
    return intervalSeconds;
  }
}
