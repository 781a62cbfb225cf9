package io.configsync.codecs.stream;

import io.configsync.codecs.Replay;
import io.vertx.core.Future;

/** Where an {@link OrderedStream} fills its holes from: the backend's event log, over HTTP or the bus. */
@FunctionalInterface
public interface LogSource {

  /**
   * A page of the events after {@code revision}, with the head and how far it is complete; or
   * {@link Replay.Gone} if the log no longer reaches back to it. A failed future is retried.
   */
  Future<Replay.Reply> after(long revision);
}
