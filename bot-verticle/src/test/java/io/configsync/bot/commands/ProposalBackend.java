package io.configsync.bot.commands;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.BotProposal;
import io.configsync.codecs.BusBodies;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.FailureCodes;
import io.configsync.codecs.ProposalReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the backend's side of {@link Addresses#BOT_PROPOSAL}, as its contract documents it
 * (the real backend is another module; the launcher tests run the two together): a real consumer on
 * the bus, holding states in memory.
 *
 * <ul>
 *   <li>exactly one of {@code config} or {@code enabled}, else it fails with 400;
 *   <li>{@code baseVersion} not the current version (0: none) → {@code {"ok":false,
 *       "code":"VERSION_CONFLICT","message":..,"current":state or null}};
 *   <li>a refusal set with {@link #refuseWith} → fails with that code and message;
 *   <li>{@code enabled} without a state → fails with 404;
 *   <li>otherwise applies (a config keeps a state's enabled flag, enables a new one; nothing to
 *       change → the same state) and replies {@code {"ok":true,"state":..}}.
 * </ul>
 */
final class ProposalBackend {

  private final Map<String, JsonObject> states = new ConcurrentHashMap<>();
  private final List<JsonObject> proposals = new CopyOnWriteArrayList<>();
  private final MessageConsumer<Object> consumer;
  private volatile int refusalCode;
  private volatile String refusalMessage;
  private long revision = 100;

  private ProposalBackend(Vertx vertx) {
    consumer = vertx.eventBus().consumer(Addresses.BOT_PROPOSAL, this::onProposal);
  }

  static Future<ProposalBackend> start(Vertx vertx) {
    Codecs.registerAll(vertx.eventBus());
    ProposalBackend backend = new ProposalBackend(vertx);
    return backend.consumer.completion().map(backend);
  }

  Future<Void> stop() {
    return consumer.unregister();
  }

  /** The backend holds this state. */
  ProposalBackend has(String guildId, String moduleId, long version, boolean enabled, JsonObject config) {
    states.put(key(guildId, moduleId), state(guildId, moduleId, version, enabled, config));
    return this;
  }

  /** From now on every proposal fails with {@code code} and {@code message}. */
  ProposalBackend refuseWith(int code, String message) {
    refusalCode = code;
    refusalMessage = message;
    return this;
  }

  /** Every proposal received, oldest first. */
  List<JsonObject> proposals() {
    return List.copyOf(proposals);
  }

  /** The state held now, or null. */
  JsonObject state(String guildId, String moduleId) {
    return states.get(key(guildId, moduleId));
  }

  private void onProposal(Message<Object> message) {
    JsonObject proposal = BusBodies.as(message.body(), BotProposal.class, BotProposal::fromJson).toJson();
    proposals.add(proposal.copy());
    if (proposal.containsKey("config") == proposal.containsKey("enabled")) {
      message.fail(FailureCodes.BAD_REQUEST, "a proposal has exactly one of config or enabled");
      return;
    }
    String guildId = proposal.getString("guildId");
    String moduleId = proposal.getString("moduleId");
    JsonObject current = state(guildId, moduleId);
    long currentVersion = current == null ? 0 : current.getLong("version");
    if (proposal.getLong("baseVersion") != currentVersion) {
      message.reply(new ProposalReply.Conflict("version " + proposal.getLong("baseVersion")
          + " is not the current version (" + currentVersion + ")", current, currentVersion).toJson());
      return;
    }
    if (refusalMessage != null) {
      message.fail(refusalCode, refusalMessage);
      return;
    }
    if (proposal.containsKey("enabled") && current == null) {
      message.fail(FailureCodes.NOT_FOUND, "module '" + moduleId + "' has no config in guild " + guildId);
      return;
    }
    boolean enabled = proposal.containsKey("enabled") ? proposal.getBoolean("enabled")
        : current == null || current.getBoolean("enabled");
    JsonObject config = proposal.containsKey("config") ? proposal.getJsonObject("config")
        : current.getJsonObject("config");
    JsonObject next = current != null && current.getBoolean("enabled") == enabled
        && config.equals(current.getJsonObject("config"))
        ? current
        : state(guildId, moduleId, currentVersion + 1, enabled, config);
    states.put(key(guildId, moduleId), next);
    message.reply(new ProposalReply.Applied(next != current, next).toJson());
  }

  private JsonObject state(String guildId, String moduleId, long version, boolean enabled, JsonObject config) {
    return new JsonObject().put("guildId", guildId).put("moduleId", moduleId).put("enabled", enabled)
        .put("version", version).put("config", config).put("updatedAt", Instant.now().toString())
        .put("revision", ++revision);
  }

  private static String key(String guildId, String moduleId) {
    return guildId + ":" + moduleId;
  }
}
