package io.configsync.bench.propagation;

import io.vertx.core.Future;

/**
 * One kind of durable write a load generator sends: a ConfigSync admin edit, or an anchor's put.
 * Called on the load generator's event loop.
 */
@FunctionalInterface
public interface Writes {

  /** The {@code sequence}-th write; completes when the store acknowledged it, with its revision. */
  Future<Long> put(long sequence);

  /** A write the store refused (counted apart from failures: the load itself was wrong). */
  final class Refused extends RuntimeException {
    public Refused(String why) {
      super(why, null, false, false);
    }
  }
}
