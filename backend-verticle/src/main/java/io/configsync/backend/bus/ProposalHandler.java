package io.configsync.backend.bus;

import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.backend.modules.WriteRefused;
import io.configsync.backend.modules.WriteRules;
import io.configsync.backend.store.ChangeRejected;
import io.configsync.backend.store.ChangeRequest;
import io.configsync.backend.store.DatabaseFailures;
import io.configsync.backend.store.GroupCommitWriter;
import io.configsync.backend.store.GroupCommitWriter.WriteResult;
import io.configsync.backend.store.ModuleChange;
import io.configsync.codecs.Addresses;
import io.configsync.codecs.FailureCodes;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.LogThrottle;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bot-side edits: answers {@link Addresses#BOT_PROPOSAL}.
 *
 * <p>A proposal is {@code {"botId":..,"shards":"0,1/4"?,"guildId":"..","moduleId":..,"baseVersion":N,
 * "config":{..}}}, or with {@code "enabled":true|false} instead of {@code config} (exactly one of
 * them). {@code baseVersion} is the version the bot based its change on; 0 means the module was never
 * configured in the guild. A config keeps the current enabled flag (a new config is enabled).
 *
 * <p>It is checked exactly like an HTTP write ({@link WriteRules}: guild id, known module, size,
 * schema), and the bot too: it names itself ({@code botId}) and the guild is in its shards
 * ({@code shards}, all when absent). The gateway stamps {@code botId} and {@code shards} of a bridge
 * bot from its authenticated session; bots inside the cluster are trusted members and send their
 * own. The change then goes through the {@link GroupCommitWriter} like any write, applied only if
 * {@code baseVersion} is still current, with the bot id as origin and actor: it is published like any
 * other change, to every bot, the proposer included.
 *
 * <p>Answers:
 * <ul>
 *   <li>applied, or nothing to change: reply {@code {"ok":true,"changed":true|false,"state":{..}}};
 *   <li>{@code baseVersion} is not current: reply {@code {"ok":false,"code":"VERSION_CONFLICT",
 *       "message":..,"current":{state}|null,"currentVersion":N}} ({@code current} null when there is
 *       no config; {@code currentVersion} is the base to retry with). A reply, not a failure, because a
 *       failure carries only a string;
 *   <li>refused, with {@code message.fail(code, text)} ({@link FailureCodes}): 400 malformed (unknown
 *       field, botId missing, bad shards, guild id, baseVersion, not exactly one of config and
 *       enabled), 403 the guild is not in the bot's shards, 404 unknown module or enabling /
 *       disabling a config that does not exist, 413 config over 1 MiB, 422 schema violation, 503
 *       database unavailable or overloaded, 500 unexpected.
 * </ul>
 * Nothing is stored or published for a refusal or a conflict.
 */
public final class ProposalHandler extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ProposalHandler.class);
  private static final LogThrottle REFUSAL_LINES = LogThrottle.everyTenSeconds();
  /** The bot id becomes the origin of a published event: keep it an id. */
  private static final int MAX_BOT_ID_LENGTH = 128;
  private static final Set<String> FIELDS =
      Set.of("botId", "shards", "guildId", "moduleId", "baseVersion", "config", "enabled", "userId", "userName");
  /** Discord usernames; the name goes into the history and the logs. */
  private static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.]{1,32}");

  /**
   * @param userId the Discord user a slash command was run by, or null: the bot's own change
   * @param userName their username, or null
   */
  private record Proposal(String botId, long guildId, ModuleDefinition module, long baseVersion,
                          ModuleChange change, String userId, String userName) {
    /** The audit trail's actor: the Discord user (through which bot), else the bot. */
    String actor() {
      if (userId == null) {
        return botId;
      }
      return (userName == null ? "discord " + userId : userName + " (discord " + userId + ")") + " via " + botId;
    }
  }

  /** A proposal refused before it reached the writer. */
  private static final class Refusal extends RuntimeException {
    private final int code;

    Refusal(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private final ModuleCatalog catalog;
  private final GroupCommitWriter writer;
  private MessageConsumer<Object> consumer;

  public ProposalHandler(ModuleCatalog catalog, GroupCommitWriter writer) {
    this.catalog = catalog;
    this.writer = writer;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.BOT_PROPOSAL, this::answer);
    return consumer.completion();
  }

  private void answer(Message<Object> message) {
    Proposal proposal;
    try {
      proposal = read(message.body());
    } catch (Refusal refusal) {
      refuse(message, refusal.code, refusal.getMessage());
      return;
    } catch (WriteRefused refused) {
      refuse(message, failureCode(refused.reason()), refused.getMessage());
      return;
    }
    ChangeRequest request = new ChangeRequest(proposal.guildId(), proposal.module().id(), proposal.change(),
        proposal.baseVersion(), proposal.botId(), proposal.actor());
    Future<Void> checked = proposal.change() instanceof ModuleChange.Put put
        ? WriteRules.checkSchemaOnWorker(vertx, proposal.module(), put.config()) : Future.succeededFuture();
    checked.onSuccess(v -> writer.submit(request).onComplete(result -> answer(message, request, result)))
        .onFailure(failure -> {
          if (failure instanceof WriteRefused refused) {
            refuse(message, failureCode(refused.reason()), refused.getMessage());
          } else {
            LOG.error("Checking a proposal of bot {} failed", proposal.botId(), failure);
            message.fail(FailureCodes.INTERNAL, "internal error; see the backend's log");
          }
        });
  }

  private Proposal read(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw new Refusal(FailureCodes.BAD_REQUEST,
          "a proposal is a JSON object {botId, guildId, moduleId, baseVersion, config | enabled}");
    }
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new Refusal(FailureCodes.BAD_REQUEST, "unknown field '" + field + "' in the proposal; expected "
            + "{botId, shards?, guildId, moduleId, baseVersion, config | enabled}");
      }
    }
    String botId = json.getValue("botId") instanceof String id && !id.isBlank() ? id : null;
    if (botId == null || botId.length() > MAX_BOT_ID_LENGTH) {
      throw new Refusal(FailureCodes.BAD_REQUEST,
          "a proposal needs the proposing bot's botId (at most " + MAX_BOT_ID_LENGTH + " characters)");
    }
    ShardSpec shards = shards(json.getValue("shards"));
    long guildId = WriteRules.guildId(json.getValue("guildId") instanceof String id ? id : null);
    if (!(json.getValue("moduleId") instanceof String moduleId)) {
      throw new Refusal(FailureCodes.BAD_REQUEST, "a proposal needs moduleId");
    }
    long baseVersion = baseVersion(json.getValue("baseVersion"));
    ModuleChange change = change(json);
    if (!shards.contains(guildId)) {
      throw new Refusal(FailureCodes.FORBIDDEN, "bot " + botId + " runs shards " + shards + "; guild " + guildId
          + " is on shard " + GuildIds.shardOf(guildId, shards.count()) + " of " + shards.count());
    }
    ModuleDefinition module = WriteRules.module(catalog, moduleId);
    if (change instanceof ModuleChange.Put put) {
      WriteRules.checkSize(put.config());
    }
    Object userId = json.getValue("userId");
    if (userId != null && !(userId instanceof String id && GuildIds.isValid(id))) {
      throw new Refusal(FailureCodes.BAD_REQUEST, "userId, when given, is the Discord user's snowflake");
    }
    Object userName = json.getValue("userName");
    if (userName != null && !(userId != null && userName instanceof String name && USERNAME.matcher(name).matches())) {
      throw new Refusal(FailureCodes.BAD_REQUEST, "userName, when given with userId, is a Discord username");
    }
    return new Proposal(botId, guildId, module, baseVersion, change, (String) userId, (String) userName);
  }

  private static ShardSpec shards(Object value) {
    if (value == null) {
      return ShardSpec.ALL;
    }
    try {
      return ShardSpec.parse(value instanceof String spec ? spec : null);
    } catch (IllegalArgumentException e) {
      throw new Refusal(FailureCodes.BAD_REQUEST, e.getMessage());
    }
  }

  private static long baseVersion(Object value) {
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    throw new Refusal(FailureCodes.BAD_REQUEST,
        "a proposal needs baseVersion: the integer version it is based on (0 if the module has no config yet)");
  }

  private static ModuleChange change(JsonObject json) {
    Object config = json.getValue("config");
    Object enabled = json.getValue("enabled");
    if ((config == null) == (enabled == null)) {
      throw new Refusal(FailureCodes.BAD_REQUEST, "a proposal carries exactly one of config and enabled");
    }
    if (config != null) {
      if (!(config instanceof JsonObject object)) {
        throw new Refusal(FailureCodes.BAD_REQUEST, "config must be a JSON object");
      }
      return new ModuleChange.Put(object, null);
    }
    if (!(enabled instanceof Boolean flag)) {
      throw new Refusal(FailureCodes.BAD_REQUEST, "enabled must be true or false");
    }
    return new ModuleChange.SetEnabled(flag);
  }

  private static int failureCode(WriteRefused.Reason reason) {
    return switch (reason) {
      case INVALID_GUILD_ID -> FailureCodes.BAD_REQUEST;
      case UNKNOWN_MODULE -> FailureCodes.NOT_FOUND;
      case PAYLOAD_TOO_LARGE -> FailureCodes.PAYLOAD_TOO_LARGE;
      case SCHEMA_VIOLATION -> FailureCodes.SCHEMA_VIOLATION;
    };
  }

  private static void answer(Message<Object> message, ChangeRequest request, AsyncResult<WriteResult> result) {
    if (result.succeeded()) {
      logApplied(request, result.result());
      message.reply(new JsonObject().put("ok", true).put("changed", result.result().changed())
          .put("state", result.result().state().toJson()));
      return;
    }
    Throwable failure = result.cause();
    if (failure instanceof ChangeRejected rejected && rejected.reason() == ChangeRejected.Reason.VERSION_CONFLICT) {
      LOG.info("Proposal of bot {} for guild {} module {} based on v{}: conflict, the current version is {}",
          request.actor(), request.guildId(), request.moduleId(), request.expectedVersion(), rejected.currentVersion());
      message.reply(new JsonObject().put("ok", false).put("code", "VERSION_CONFLICT")
          .put("message", rejected.getMessage())
          .put("current", rejected.current() == null ? null : rejected.current().toJson())
          .put("currentVersion", rejected.currentVersion()));
    } else if (failure instanceof ChangeRejected rejected) {
      refuse(message, FailureCodes.NOT_FOUND, rejected.getMessage());
    } else if (failure instanceof GroupCommitWriter.Overloaded || DatabaseFailures.isUnavailable(failure)) {
      LOG.warn("Proposal of bot {} for guild {} module {} not stored: {}", request.actor(), request.guildId(),
          request.moduleId(), failure.toString());
      message.fail(FailureCodes.UNAVAILABLE, "the database is unavailable; retry shortly");
    } else {
      LOG.error("Proposal of bot {} for guild {} module {} failed", request.actor(), request.guildId(),
          request.moduleId(), failure);
      message.fail(FailureCodes.INTERNAL, "internal error; see the backend's log");
    }
  }

  private static void logApplied(ChangeRequest request, WriteResult result) {
    if (result.changed()) {
      ModuleChangeEvent event = result.event();
      LOG.info("Proposal of bot {}: guild {} module {} {} v{} at revision {} (origin {}) by {}", request.actor(),
          event.guildId(), event.moduleId(), event.action().wireName(), event.version(), event.revision(),
          event.origin(), request.actor());
    } else {
      LOG.info("Proposal of bot {}: guild {} module {} unchanged at v{}", request.actor(), request.guildId(),
          request.moduleId(), result.state().version());
    }
  }

  /** A refused proposal is the bot's mistake: answered, counted in the line now and then, at INFO. */
  private static void refuse(Message<Object> message, int code, String why) {
    JsonObject body = message.body() instanceof JsonObject json ? json : new JsonObject();
    LogThrottle.Decision line = REFUSAL_LINES.next();
    if (line.log()) {
      LOG.info("Refused a proposal of bot {} for guild {} module {} ({}): {}{}", shortText(body, "botId"),
          shortText(body, "guildId"), shortText(body, "moduleId"), code, why, line.suffix());
    }
    message.fail(code, why);
  }

  /** A field for the log, if it is a short string: the body is untrusted. */
  private static String shortText(JsonObject body, String field) {
    return body.getValue(field) instanceof String text && text.length() <= MAX_BOT_ID_LENGTH ? text : "?";
  }
}
