package io.configsync.gateway;

import io.configsync.codecs.ShardAddress;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bridge sockets listening to each shard stream, and the delivery of the shard's messages to
 * them. The bridge would wrap and encode each message once per socket; here the frame it would
 * send, {@code {"type":"rec","address":..,"body":..}}, is encoded once per message and the same
 * bytes go to every socket of the shard. Each socket is written on its own event loop, by one task
 * per event loop and message (or per group of messages sent {@link #together}), so a socket's
 * frames stay in order.
 *
 * <p>A socket whose write queue is full is skipped for that message (counted by {@code skipped}):
 * it neither holds up the others nor makes the gateway hold a backlog for it. Its bot sees the hole
 * by the next message's {@code prev} and replays it, as after any lost message.
 *
 * <p>Confined to the fan-out's context; the tasks capture immutable snapshots of the listeners.
 */
final class ShardSockets {

  /** The listeners of one shard on one event loop, an immutable snapshot. */
  private record Batch(Context context, List<ShardListener> listeners) {}

  private final Map<ShardAddress, List<ShardListener>> listeners = new HashMap<>();
  private final Map<ShardAddress, List<Batch>> batches = new HashMap<>();
  private final Runnable skipped;
  /** While {@link #together} runs: the writes due on each event loop, in order. */
  private Map<Context, List<Runnable>> collecting;

  /** @param skipped told of every message a socket did not get because its write queue was full; any thread */
  ShardSockets(Runnable skipped) {
    this.skipped = skipped;
  }

  void add(ShardAddress address, ShardListener listener) {
    listeners.computeIfAbsent(address, a -> new ArrayList<>()).add(listener);
    rebatch(address);
  }

  void remove(ShardAddress address, ShardListener listener) {
    List<ShardListener> current = listeners.get(address);
    if (current != null && current.remove(listener) && current.isEmpty()) {
      listeners.remove(address);
    }
    rebatch(address);
  }

  boolean listened(ShardAddress address) {
    return listeners.containsKey(address);
  }

  /** The shards some socket listens to. */
  Set<ShardAddress> addresses() {
    return listeners.keySet();
  }

  /** Sends {@code message} to every socket listening to {@code address}, encoded once. */
  void send(ShardAddress address, JsonObject message) {
    List<Batch> targets = batches.get(address);
    if (targets == null) {
      return;
    }
    Buffer frame = frame(address, message);
    for (Batch batch : targets) {
      Runnable writes = () -> write(batch.listeners(), frame);
      if (collecting == null) {
        batch.context().runOnContext(v -> writes.run());
      } else {
        collecting.computeIfAbsent(batch.context(), c -> new ArrayList<>()).add(writes);
      }
    }
  }

  /**
   * Runs {@code sends} (calls of {@link #send}) and then hands each event loop one task for all of
   * its writes, in order, rather than one per message: a commit of several events wakes each event
   * loop once.
   */
  void together(Runnable sends) {
    if (collecting != null) {
      sends.run();
      return;
    }
    collecting = new LinkedHashMap<>();
    try {
      sends.run();
    } finally {
      Map<Context, List<Runnable>> due = collecting;
      collecting = null;
      due.forEach((context, writes) -> context.runOnContext(v -> writes.forEach(Runnable::run)));
    }
  }

  /**
   * The context of the event loop at hand, where a socket opened now lives: the root one, not the
   * duplicate its request runs on, so that all sockets of one event loop share one task per message.
   */
  static Context currentEventLoop(Vertx vertx) {
    return ((ContextInternal) vertx.getOrCreateContext()).unwrap();
  }

  /**
   * The bridge's own envelope for a message received on {@code address}, byte for byte: encoded as it
   * encodes it, to a String first (a lone surrogate in a config becomes '?' there, as it always has).
   */
  private static Buffer frame(ShardAddress address, JsonObject message) {
    return Buffer.buffer(new JsonObject().put("type", "rec").put("address", address.address()).put("body", message)
        .encode());
  }

  private void write(List<ShardListener> targets, Buffer frame) {
    for (ShardListener listener : targets) {
      if (!listener.offer(frame)) {
        skipped.run();
      }
    }
  }

  private void rebatch(ShardAddress address) {
    List<ShardListener> current = listeners.get(address);
    if (current == null) {
      batches.remove(address);
      return;
    }
    Map<Context, List<ShardListener>> byLoop = new LinkedHashMap<>();
    current.forEach(listener -> byLoop.computeIfAbsent(listener.context(), c -> new ArrayList<>()).add(listener));
    batches.put(address, byLoop.entrySet().stream()
        .map(entry -> new Batch(entry.getKey(), List.copyOf(entry.getValue()))).toList());
  }
}
