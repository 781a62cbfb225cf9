package io.configsync.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Things that arrive on some thread, in order, and tests that wait for one of them as a future. */
final class Arrivals<T> {

  private record Waiter<T>(Predicate<T> matches, Promise<T> promise) {}

  private final List<T> arrived = new ArrayList<>();
  private final List<Waiter<T>> waiters = new ArrayList<>();

  void add(T item) {
    List<Waiter<T>> matched = new ArrayList<>();
    synchronized (this) {
      arrived.add(item);
      waiters.stream().filter(waiter -> waiter.matches().test(item)).forEach(matched::add);
      waiters.removeAll(matched);
    }
    // Outside the lock: a waiter's continuation may wait for the next arrival.
    matched.forEach(waiter -> waiter.promise().tryComplete(item));
  }

  /** The first arrival, past or still to come, that {@code matches}. */
  synchronized Future<T> next(Predicate<T> matches) {
    for (T item : arrived) {
      if (matches.test(item)) {
        return Future.succeededFuture(item);
      }
    }
    Promise<T> promise = Promise.promise();
    waiters.add(new Waiter<>(matches, promise));
    return promise.future();
  }

  synchronized List<T> all() {
    return List.copyOf(arrived);
  }
}
