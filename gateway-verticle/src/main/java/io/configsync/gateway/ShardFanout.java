package io.configsync.gateway;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.Replay;
import io.configsync.codecs.ShardMessages;
import io.configsync.codecs.SharedJsonCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the global change stream into per-shard streams for this gateway's bridge sockets.
 *
 * <p>It first makes its own view complete and ordered: events wait until every earlier revision
 * arrived, and a hole is filled from the event log over {@link Addresses#REPLAY}. Each event then
 * goes, on this gateway's local bus only (so that two gateways never deliver it twice), to the
 * shard address of every shard count in use, with the revision of that shard's previous event, so
 * that a bridge bot can tell a hole in its own stream (see {@link ShardMessages}).
 *
 * <p>Confined to the gateway verticle's context. The bridge calls {@link #subscribe} and
 * {@link #unsubscribe} from the HTTP server's event loop (another thread), so they hop onto it.
 */
final class ShardFanout {

  private static final Logger LOG = LoggerFactory.getLogger(ShardFanout.class);
  /** One shard message is read by every bridge socket registered on its shard: shared, not copied. */
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true)
      .setCodecName(SharedJsonCodec.NAME);
  private static final int REPLAY_PAGE = 1_000;
  private static final long MAX_RETRY_DELAY_MS = 5_000;

  private final Vertx vertx;
  private final TreeMap<Long, ModuleChangeEvent> pending = new TreeMap<>();
  /** Per shard count: the revision of each shard's last event sent, or where this gateway's view began. */
  private final Map<Integer, long[]> previousByCount = new HashMap<>();
  /** Per (count, shard) address: how many bridge registrations want it. */
  private final Map<String, Integer> subscriptions = new HashMap<>();
  private long completeThrough = -1;
  private boolean fetching;
  private int failures;
  private MessageConsumer<ModuleChangeEvent> changes;
  private MessageConsumer<JsonObject> heads;
  private long progressTimer;
  private Context context;

  ShardFanout(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> start(long progressIntervalMs) {
    context = vertx.getOrCreateContext();
    changes = vertx.eventBus().consumer(Addresses.MODULE_CHANGE, message -> accept(message.body()));
    heads = vertx.eventBus().consumer(Addresses.REVISION_HEAD, message -> onHead(message.body().getLong("head", 0L)));
    progressTimer = vertx.setPeriodic(progressIntervalMs, id -> sendProgress());
    return Future.join(changes.completion(), heads.completion()).<Void>mapEmpty()
        .onSuccess(v -> learnHead());
  }

  Future<Void> stop() {
    vertx.cancelTimer(progressTimer);
    return Future.join(changes.unregister(), heads.unregister()).mapEmpty();
  }

  /** A bridge socket registered on {@code address} of shard {@code shard} of {@code count}. */
  void subscribe(int count, int shard) {
    onOwnContext(() -> {
      subscriptions.merge(Addresses.moduleChangeShard(count, shard), 1, Integer::sum);
      if (completeThrough >= 0) {
        previousByCount.computeIfAbsent(count, this::startChain);
      }
    });
  }

  void unsubscribe(int count, int shard) {
    onOwnContext(() -> subscriptions.computeIfPresent(Addresses.moduleChangeShard(count, shard),
        (k, n) -> n > 1 ? n - 1 : null));
  }

  private void onOwnContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  long completeThrough() {
    return completeThrough;
  }

  private long[] startChain(int count) {
    long[] previous = new long[count];
    Arrays.fill(previous, completeThrough);
    return previous;
  }

  private void learnHead() {
    request(new Replay.Request(0, 0, null)).onComplete(result -> {
      if (result.succeeded() && !result.result().getBoolean("gone", false)) {
        onHead(result.result().getLong("head"));
      } else {
        retryLater("cannot learn the head revision from the backend", this::learnHead);
      }
    });
  }

  private void onHead(long head) {
    if (completeThrough < 0) {
      completeThrough = head;
      subscriptions.keySet().forEach(address -> previousByCount.computeIfAbsent(countOf(address), this::startChain));
      LOG.info("Gateway stream starts complete at revision {}", head);
      drain();
    } else if (head > completeThrough && pending.isEmpty()) {
      fetchMissing();
    }
  }

  private void accept(ModuleChangeEvent event) {
    if (completeThrough >= 0 && event.revision() <= completeThrough) {
      return;
    }
    pending.putIfAbsent(event.revision(), event);
    drain();
  }

  private void drain() {
    if (completeThrough < 0) {
      return;
    }
    Map.Entry<Long, ModuleChangeEvent> next;
    while ((next = pending.firstEntry()) != null) {
      if (next.getKey() <= completeThrough) {
        pending.pollFirstEntry();
      } else if (next.getKey() == completeThrough + 1) {
        pending.pollFirstEntry();
        fanOut(next.getValue());
      } else {
        fetchMissing();
        return;
      }
    }
  }

  private void fanOut(ModuleChangeEvent event) {
    long guildId = Long.parseLong(event.guildId());
    previousByCount.forEach((count, previous) -> {
      int shard = GuildIds.shardOf(guildId, count);
      String address = Addresses.moduleChangeShard(count, shard);
      if (subscriptions.containsKey(address)) {
        vertx.eventBus().publish(address, ShardMessages.event(event, previous[shard]), LOCAL);
      }
      previous[shard] = event.revision();
    });
    completeThrough = event.revision();
    LOG.debug("Relayed revision {} (guild {} module {}) to bridge bots", event.revision(), event.guildId(),
        event.moduleId());
  }

  private void sendProgress() {
    if (completeThrough < 0) {
      return;
    }
    subscriptions.keySet().forEach(address -> {
      long[] previous = previousByCount.get(countOf(address));
      if (previous != null) {
        vertx.eventBus().publish(address,
            ShardMessages.progress(completeThrough, previous[shardOf(address)]), LOCAL);
      }
    });
  }

  private void fetchMissing() {
    if (fetching) {
      return;
    }
    fetching = true;
    long after = completeThrough;
    request(new Replay.Request(after, REPLAY_PAGE, null)).onComplete(result -> {
      fetching = false;
      if (result.failed()) {
        retryLater("replay after revision " + after + " failed: " + result.cause().getMessage(), this::drain);
        return;
      }
      JsonObject page = result.result();
      if (page.getBoolean("gone", false)) {
        LOG.warn("Revisions after {} are past retention; the gateway stream restarts at the head", after);
        completeThrough = -1;
        previousByCount.clear();
        learnHead();
        return;
      }
      failures = 0;
      JsonArray events = page.getJsonArray("events");
      for (int i = 0; i < events.size(); i++) {
        ModuleChangeEvent event = ModuleChangeEvent.fromJson(events.getJsonObject(i));
        pending.putIfAbsent(event.revision(), event);
      }
      drain();
    });
  }

  private Future<JsonObject> request(Replay.Request request) {
    return vertx.eventBus().<JsonObject>request(Addresses.REPLAY, request.toJson()).map(reply -> reply.body());
  }

  private void retryLater(String why, Runnable retry) {
    long delay = Math.min(MAX_RETRY_DELAY_MS, 100L << Math.min(failures++, 6));
    LOG.warn("{}; retrying in {} ms", why, delay);
    vertx.setTimer(delay, id -> retry.run());
  }

  private static int countOf(String address) {
    String[] parts = address.substring(Addresses.MODULE_CHANGE_SHARD_PREFIX.length()).split("\\.");
    return Integer.parseInt(parts[0]);
  }

  private static int shardOf(String address) {
    String[] parts = address.substring(Addresses.MODULE_CHANGE_SHARD_PREFIX.length()).split("\\.");
    return Integer.parseInt(parts[1]);
  }
}
