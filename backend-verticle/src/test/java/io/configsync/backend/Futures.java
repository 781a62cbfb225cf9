package io.configsync.backend;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/** Future helpers the tests share. */
final class Futures {

  private Futures() {}

  /** Runs {@code action} on each item in turn, each once the previous one's future succeeded. */
  static <T> Future<Void> sequentially(List<T> items, Function<T, Future<?>> action) {
    Future<Void> chain = Future.succeededFuture();
    for (T item : items) {
      chain = chain.compose(v -> action.apply(item).mapEmpty());
    }
    return chain;
  }
}
