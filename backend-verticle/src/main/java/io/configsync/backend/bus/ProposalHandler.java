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
import io.configsync.codecs.BotProposal;
import io.configsync.codecs.BusBodies;
import io.configsync.codecs.FailureCodes;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.LogThrottle;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ProposalReply;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bot-side edits: answers {@link Addresses#BOT_PROPOSAL}.
 *
 * <p>A proposal is a {@link BotProposal} (or its JSON): {@code baseVersion} is the version the bot
 * based its change on; 0 means the module was never configured in the guild. A config keeps the
 * current enabled flag (a new config is enabled).
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
 *   <li>applied, or nothing to change: reply {@link ProposalReply.Applied};
 *   <li>{@code baseVersion} is not current: reply {@link ProposalReply.Conflict};
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

  /**
   * A proposal, checked: its guild in the bot's shards, its module known, its config (of
   * {@code configSize} bytes of JSON, 0 when none) not too large.
   */
  private record Checked(BotProposal proposal, long guildId, ModuleDefinition module, ModuleChange change,
                         int configSize) {}

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

  public ProposalHandler(ModuleCatalog catalog, GroupCommitWriter writer) {
    this.catalog = catalog;
    this.writer = writer;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<Object>consumer(Addresses.BOT_PROPOSAL, this::answer).completion();
  }

  private void answer(Message<Object> message) {
    Checked checked;
    try {
      checked = check(message.body());
    } catch (Refusal refusal) {
      refuse(message, refusal.code, refusal.getMessage());
      return;
    } catch (WriteRefused refused) {
      refuse(message, failureCode(refused.reason()), refused.getMessage());
      return;
    }
    BotProposal proposal = checked.proposal();
    ChangeRequest request = new ChangeRequest(checked.guildId(), checked.module().id(), checked.change(),
        proposal.baseVersion(), proposal.botId(), proposal.actor());
    Future<Void> schema = checked.change() instanceof ModuleChange.Put put
        ? WriteRules.checkSchema(vertx, checked.module(), put.config(), checked.configSize())
        : Future.succeededFuture();
    schema.onSuccess(v -> writer.submit(request).onComplete(result -> answer(message, request, result)))
        .onFailure(failure -> {
          if (failure instanceof WriteRefused refused) {
            refuse(message, failureCode(refused.reason()), refused.getMessage());
          } else {
            LOG.error("Checking a proposal of bot {} failed", proposal.botId(), failure);
            message.fail(FailureCodes.INTERNAL, "internal error; see the backend's log");
          }
        });
  }

  private Checked check(Object body) {
    BotProposal proposal;
    try {
      proposal = BusBodies.as(body, BotProposal.class, BotProposal::fromJson);
    } catch (IllegalArgumentException e) {
      throw new Refusal(FailureCodes.BAD_REQUEST, e.getMessage());
    }
    long guildId = WriteRules.guildId(proposal.guildId());
    ShardSpec shards = proposal.shards();
    if (!shards.contains(guildId)) {
      throw new Refusal(FailureCodes.FORBIDDEN, "bot " + proposal.botId() + " runs shards " + shards + "; guild "
          + guildId + " is on shard " + GuildIds.shardOf(guildId, shards.count()) + " of " + shards.count());
    }
    ModuleDefinition module = WriteRules.module(catalog, proposal.moduleId());
    ModuleChange change = proposal.change() instanceof BotProposal.SetConfig set
        ? new ModuleChange.Put(set.config(), null)
        : new ModuleChange.SetEnabled(((BotProposal.SetEnabled) proposal.change()).enabled());
    int configSize = change instanceof ModuleChange.Put put ? WriteRules.checkSize(put.config()) : 0;
    return new Checked(proposal, guildId, module, change, configSize);
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
      message.reply(new ProposalReply.Applied(result.result().changed(), result.result().state().toJson()).toJson());
      return;
    }
    Throwable failure = result.cause();
    if (failure instanceof ChangeRejected rejected && rejected.reason() == ChangeRejected.Reason.VERSION_CONFLICT) {
      LOG.info("Proposal of bot {} for guild {} module {} based on v{}: conflict, the current version is {}",
          request.actor(), request.guildId(), request.moduleId(), request.expectedVersion(), rejected.currentVersion());
      message.reply(new ProposalReply.Conflict(rejected.getMessage(),
          rejected.current() == null ? null : rejected.current().toJson(), rejected.currentVersion()).toJson());
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
    LogThrottle.Decision line = REFUSAL_LINES.next();
    if (line.log()) {
      LOG.info("Refused a proposal {} ({}): {}{}", about(message.body()), code, why, line.suffix());
    }
    message.fail(code, why);
  }

  /** Who proposed what, for the log; the body of a malformed one is untrusted and stays out. */
  private static String about(Object body) {
    return body instanceof BotProposal proposal ? "of bot " + proposal.botId() + " for guild " + proposal.guildId()
        + " module " + proposal.moduleId() : "that could not be read";
  }
}
