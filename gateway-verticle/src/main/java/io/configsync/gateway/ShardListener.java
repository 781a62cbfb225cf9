package io.configsync.gateway;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

/** A bridge socket as the shard fan-out sees it: written on its own event loop, never beyond its write queue. */
interface ShardListener {

  /** The context of the event loop that owns the socket, where every write to it happens. */
  Context context();

  /** Writes {@code frame}, unless the socket's write queue is full: then false, and nothing is written. */
  boolean offer(Buffer frame);
}
