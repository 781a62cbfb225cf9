package io.configsync.gateway;

/** Allows {@code ratePerSecond} frames on average, in bursts of up to {@code capacity}. */
final class TokenBucket {

  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long lastRefill;

  TokenBucket(double ratePerSecond, int capacity) {
    this.ratePerNano = ratePerSecond / 1_000_000_000d;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastRefill = System.nanoTime();
  }

  boolean tryTake() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefill) * ratePerNano);
    lastRefill = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
