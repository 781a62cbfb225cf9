package io.configsync.codecs.stream;

import io.vertx.core.Future;

/** How an {@link OrderedStream} gets the whole state when the log cannot bring it up to date. */
@FunctionalInterface
public interface FullLoader {

  /**
   * Loads the full state, replacing what was held; completes with the revision it reflects (events
   * up to it are applied in effect). A failed future is retried.
   */
  Future<Long> load();
}
