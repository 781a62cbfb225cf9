package io.configsync.bot.sync;

import io.configsync.bot.BotModule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A module that records its hooks as {@code "enable <guild> <message>"}. It cannot act on a config
 * whose message starts with {@value #UNUSABLE}: the hook fails, as with a channel that does not exist.
 */
final class RecordingModule implements BotModule {
  static final String UNUSABLE = "unusable";

  private final String id;
  private final Future<Void> outcome;
  private final List<String> calls = new ArrayList<>();

  RecordingModule(String id) {
    this(id, null);
  }

  /** A module whose enable and update hooks all end as {@code outcome} does. */
  RecordingModule(String id, Future<Void> outcome) {
    this.id = id;
    this.outcome = outcome;
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized Future<Void> onEnable(String guildId, JsonObject config) {
    calls.add("enable " + guildId + " " + config.getString("message"));
    return outcome(config);
  }

  @Override
  public synchronized Future<Void> onDisable(String guildId) {
    calls.add("disable " + guildId);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> onConfigUpdate(String guildId, JsonObject config) {
    calls.add("update " + guildId + " " + config.getString("message"));
    return outcome(config);
  }

  private Future<Void> outcome(JsonObject config) {
    if (outcome != null) {
      return outcome;
    }
    String message = config.getString("message", "");
    return message.startsWith(UNUSABLE) ? Future.failedFuture("cannot act on " + message) : Future.succeededFuture();
  }
}
