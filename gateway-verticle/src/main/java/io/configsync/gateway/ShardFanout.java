package io.configsync.gateway;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ModuleChanges;
import io.configsync.codecs.Replay;
import io.configsync.codecs.RevisionHead;
import io.configsync.codecs.ShardAddress;
import io.configsync.codecs.ShardStreamMessage;
import io.configsync.codecs.stream.OrderedStream;
import io.configsync.codecs.stream.StreamTimer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the global change stream into per-shard streams for this gateway's bridge sockets.
 *
 * <p>An {@link OrderedStream} first makes its own view complete and ordered, filling holes from the
 * event log over {@link Addresses#REPLAY}; it starts at the head the log announces, and starts again
 * there when the log no longer reaches back. Each event then goes to this gateway's own sockets on
 * the shard of every shard count in use (so that two gateways never deliver it twice), with the
 * revision of that shard's previous event, so that a bridge bot can tell a hole in its own stream
 * (see {@link ShardStreamMessage}). {@link ShardSockets} writes it to them, encoded once.
 *
 * <p>Confined to the gateway verticle's context. The bridge calls {@link #subscribe} and
 * {@link #unsubscribe} from the HTTP server's event loops (other threads), so they hop onto it.
 */
final class ShardFanout {

  private static final Logger LOG = LoggerFactory.getLogger(ShardFanout.class);
  private static final int REPLAY_PAGE = 1_000;
  private static final OrderedStream.Settings STREAM = new OrderedStream.Settings(100_000, Duration.ZERO,
      Duration.ofMillis(100), Duration.ofSeconds(5));

  private final Vertx vertx;
  private final OrderedStream stream;
  /** Per shard count: the revision of each shard's last event sent, or where this gateway's view began. */
  private final Map<Integer, long[]> previousByCount = new HashMap<>();
  private final ShardSockets sockets;
  /** For the health check, read on another thread: where the relayed streams are complete, or -1. */
  private volatile long completeThrough = -1;
  private MessageConsumer<ModuleChanges> changes;
  private MessageConsumer<RevisionHead> heads;
  private long progressTimer;
  private Context context;

  ShardFanout(Vertx vertx, ShardSockets sockets) {
    this.vertx = vertx;
    this.sockets = sockets;
    this.stream = new OrderedStream("gateway", STREAM, this::replayAfter, this::startAtHead,
        (event, pageSize) -> fanOut(event), StreamTimer.of(vertx));
  }

  Future<Void> start(long progressIntervalMs) {
    context = vertx.getOrCreateContext();
    changes = vertx.eventBus().consumer(Addresses.MODULE_CHANGES,
        message -> sockets.together(() -> message.body().events().forEach(stream::offer)));
    heads = vertx.eventBus().consumer(Addresses.REVISION_HEAD, message -> stream.onHead(message.body().head()));
    progressTimer = vertx.setPeriodic(progressIntervalMs, id -> sendProgress());
    return Future.join(changes.completion(), heads.completion()).<Void>mapEmpty()
        .onSuccess(v -> stream.load());
  }

  Future<Void> stop() {
    vertx.cancelTimer(progressTimer);
    stream.stop();
    return Future.join(changes.unregister(), heads.unregister()).mapEmpty();
  }

  /** A bridge socket registered on the address of a shard. */
  void subscribe(ShardAddress address, ShardListener listener) {
    onOwnContext(() -> {
      sockets.add(address, listener);
      if (stream.phase().ready()) {
        previousByCount.computeIfAbsent(address.count(), c -> startChain(c, stream.position()));
      }
    });
  }

  void unsubscribe(ShardAddress address, ShardListener listener) {
    onOwnContext(() -> sockets.remove(address, listener));
  }

  /** Every revision up to it has been relayed, or -1 while the gateway has no position yet. */
  long completeThrough() {
    return completeThrough;
  }

  private void onOwnContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private static long[] startChain(int count, long at) {
    long[] previous = new long[count];
    Arrays.fill(previous, at);
    return previous;
  }

  /** The full "load" of a gateway: it holds nothing, so its streams simply start at the head. */
  private Future<Long> startAtHead() {
    completeThrough = -1;
    return request(new Replay.Request(0, 0, null)).compose(reply -> reply instanceof Replay.Page page
        ? Future.succeededFuture(page.head())
        : Future.failedFuture("the log answered gone for a head-only request")).map(head -> {
          previousByCount.clear();
          sockets.addresses().forEach(address ->
              previousByCount.computeIfAbsent(address.count(), c -> startChain(c, head)));
          completeThrough = head;
          LOG.info("Gateway stream starts complete at revision {}", head);
          return head;
        });
  }

  private Future<Replay.Reply> replayAfter(long after) {
    return request(new Replay.Request(after, REPLAY_PAGE, null));
  }

  private Future<Replay.Reply> request(Replay.Request request) {
    return vertx.eventBus().<JsonObject>request(Addresses.REPLAY, request.toJson())
        .map(reply -> Replay.Reply.fromJson(reply.body()));
  }

  private void fanOut(ModuleChangeEvent event) {
    long guildId = Long.parseLong(event.guildId());
    previousByCount.forEach((count, previous) -> {
      ShardAddress address = ShardAddress.ofGuild(guildId, count);
      if (sockets.listened(address)) {
        sockets.send(address, new ShardStreamMessage.Event(event, previous[address.shard()]).toJson());
      }
      previous[address.shard()] = event.revision();
    });
    completeThrough = event.revision();
    LOG.debug("Relayed revision {} (guild {} module {}) to bridge bots", event.revision(), event.guildId(),
        event.moduleId());
  }

  private void sendProgress() {
    if (!stream.phase().ready()) {
      return;
    }
    long revision = stream.position();
    completeThrough = revision;
    sockets.addresses().forEach(address -> {
      long[] previous = previousByCount.get(address.count());
      if (previous != null) {
        sockets.send(address, new ShardStreamMessage.Progress(revision, previous[address.shard()]).toJson());
      }
    });
  }
}
