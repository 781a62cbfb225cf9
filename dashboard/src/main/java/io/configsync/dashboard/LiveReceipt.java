package io.configsync.dashboard;

import io.configsync.backend.api.SessionUser;
import io.configsync.codecs.AckRecorded;
import io.configsync.codecs.Addresses;
import io.configsync.codecs.ApplyStatus;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ModuleChanges;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live receipt, pushed to the browser as server-sent events on
 * {@code GET /dashboard/live/guilds/{g}/modules/{m}?revision=R}: {@code change} when the config gets
 * a new version (from anyone: "changed by X just now"), {@code ack} when a bot's ack about it was
 * stored (the page then reads the apply status). Every backend sees every change (they are published)
 * and every stored ack ({@link Addresses#ACK_RECORDED}), so a browser may be on any backend.
 */
final class LiveReceipt {

  private static final long KEEP_ALIVE_MS = 15_000;

  /** One browser watching one config. */
  private final class Watcher {
    final HttpServerResponse response;
    volatile long revision;
    final Set<String> botsAtRevision = new HashSet<>();

    Watcher(HttpServerResponse response, long revision) {
      this.response = response;
      this.revision = revision;
    }

    void send(String event, JsonObject data) {
      if (!response.closed()) {
        response.write("event: " + event + "\ndata: " + data.encode() + "\n\n");
      }
    }
  }

  private final Vertx vertx;
  private final Map<String, Set<Watcher>> watchersByConfig = new ConcurrentHashMap<>();
  private MessageConsumer<ModuleChanges> changes;
  private MessageConsumer<AckRecorded> acks;
  private long keepAliveTimer;

  LiveReceipt(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> start() {
    changes = vertx.eventBus().consumer(Addresses.MODULE_CHANGES,
        message -> message.body().events().forEach(this::changed));
    acks = vertx.eventBus().consumer(Addresses.ACK_RECORDED, message -> acked(message.body()));
    keepAliveTimer = vertx.setPeriodic(KEEP_ALIVE_MS, id -> watchersByConfig.values().forEach(watchers ->
        watchers.forEach(watcher -> {
          if (!watcher.response.closed()) {
            watcher.response.write(": keep-alive\n\n");
          }
        })));
    return Future.join(changes.completion(), acks.completion()).mapEmpty();
  }

  Future<Void> stop() {
    vertx.cancelTimer(keepAliveTimer);
    watchersByConfig.values().forEach(watchers -> watchers.forEach(watcher -> watcher.response.end()));
    return changes == null ? Future.succeededFuture()
        : Future.join(changes.unregister(), acks.unregister()).mapEmpty();
  }

  void stream(RoutingContext ctx) {
    SessionUser user = SessionKeys.user(ctx.session());
    String guildId = ctx.pathParam("guildId");
    if (user == null) {
      Replies.error(ctx, 401, "UNAUTHORIZED", "sign in first");
      return;
    }
    if (!GuildIds.isValid(guildId)) {
      Replies.error(ctx, 400, "INVALID_GUILD_ID", "not a guild id: " + guildId);
      return;
    }
    if (!user.mayManage(Long.parseLong(guildId))) {
      Replies.error(ctx, 403, "FORBIDDEN", "you do not manage guild " + guildId);
      return;
    }
    long revision = parseRevision(ctx.queryParams().get("revision"));
    String key = key(guildId, ctx.pathParam("moduleId"));
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    Watcher watcher = new Watcher(response, revision);
    watchersByConfig.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(watcher);
    response.closeHandler(v -> forget(key, watcher));
    response.write(": watching " + key + "\n\n");
    watcher.send("ready", new JsonObject().put("revision", revision));
  }

  private void changed(ModuleChangeEvent event) {
    Set<Watcher> watchers = watchersByConfig.get(key(event.guildId(), event.moduleId()));
    if (watchers == null) {
      return;
    }
    JsonObject change = new JsonObject().put("revision", event.revision()).put("version", event.version())
        .put("action", event.action().wireName()).put("origin", event.origin());
    watchers.forEach(watcher -> {
      watcher.revision = Math.max(watcher.revision, event.revision());
      watcher.botsAtRevision.clear();
      watcher.send("change", change);
    });
  }

  /** A bot reported on this config, or reached its revision: the page should read the status again. */
  private void acked(AckRecorded recorded) {
    String botId = recorded.ack().botId();
    Set<String> reported = new HashSet<>();
    for (ApplyStatus status : recorded.ack().statuses()) {
      reported.add(key(status.guildId(), status.moduleId()));
    }
    watchersByConfig.forEach((key, watchers) -> watchers.forEach(watcher -> {
      boolean reachedRevision = watcher.revision > 0 && recorded.ack().revision() >= watcher.revision
          && watcher.botsAtRevision.add(botId);
      if (reported.contains(key) || reachedRevision) {
        watcher.send("ack", new JsonObject().put("botId", botId).put("revision", recorded.ack().revision()));
      }
    }));
  }

  private void forget(String key, Watcher watcher) {
    watchersByConfig.computeIfPresent(key, (k, watchers) -> {
      watchers.remove(watcher);
      return watchers.isEmpty() ? null : watchers;
    });
  }

  private static long parseRevision(String value) {
    try {
      return value == null ? 0 : Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String key(String guildId, String moduleId) {
    return guildId + "/" + moduleId;
  }
}
