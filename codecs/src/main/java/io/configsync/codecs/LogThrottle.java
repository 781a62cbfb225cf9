package io.configsync.codecs;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides which of many alike events get a log line: the first, then at most one per interval,
 * which says how many were left out since. Clients' mistakes (malformed requests, refused frames,
 * forged acks) are counted in metrics; a line for each would let anyone flood the log.
 */
public final class LogThrottle {

  /** Whether to log this one, and how many were left out since the last line. */
  public record Decision(boolean log, long leftOut) {

    /** {@code " (N more since the last line)"}, or nothing. */
    public String suffix() {
      return leftOut == 0 ? "" : " (" + leftOut + " more since the last line)";
    }
  }

  private static final Decision QUIET = new Decision(false, 0);

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private long lastLoggedAt;
  private boolean loggedOnce;
  private long leftOut;

  public LogThrottle(Duration interval, LongSupplier nanoClock) {
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  public static LogThrottle everyTenSeconds() {
    return new LogThrottle(Duration.ofSeconds(10), System::nanoTime);
  }

  public synchronized Decision next() {
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
}
