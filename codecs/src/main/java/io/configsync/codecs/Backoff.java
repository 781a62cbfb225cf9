package io.configsync.codecs;

import io.vertx.circuitbreaker.RetryPolicy;
import java.time.Duration;

/**
 * How long to wait before retrying something that keeps failing: exponential from a first delay
 * up to a cap, with full jitter so that many processes that lost the same peer do not all come
 * back at once. One instance per thing retried; confined to its caller's context.
 */
public final class Backoff {

  /** The cap every retry loop of ConfigSync uses unless it has a reason not to. */
  public static final Duration DEFAULT_MAX = Duration.ofSeconds(5);

  private final RetryPolicy policy;
  private int failures;

  private Backoff(RetryPolicy policy) {
    this.policy = policy;
  }

  public static Backoff exponential(Duration first, Duration max) {
    return new Backoff(RetryPolicy.exponentialDelayWithJitter(Math.max(1, first.toMillis()), max.toMillis()));
  }

  /** From {@code first} up to {@link #DEFAULT_MAX}. */
  public static Backoff exponential(Duration first) {
    return exponential(first, DEFAULT_MAX);
  }

  /** The delay before the next attempt, in milliseconds (at least 1); counts one more failure. */
  public long nextDelayMs() {
    failures = Math.min(failures + 1, 30);
    return Math.max(1, policy.delay(null, failures));
  }

  /** The same delay for an attempt counted elsewhere (e.g. a reconnect policy's attempt number). */
  public long delayForAttempt(int attempt) {
    return Math.max(1, policy.delay(null, Math.max(1, Math.min(attempt + 1, 30))));
  }

  /** How many failures in a row since the last {@link #succeeded()}. */
  public int failures() {
    return failures;
  }

  public void succeeded() {
    failures = 0;
  }
}
