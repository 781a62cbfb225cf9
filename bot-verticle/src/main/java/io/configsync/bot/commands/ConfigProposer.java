package io.configsync.bot.commands;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.BotProposal;
import io.configsync.codecs.FailureCodes;
import io.configsync.codecs.ProposalReply;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposes config changes to the backend over {@link Addresses#BOT_PROPOSAL}, on behalf of this bot,
 * and reads the answer into a {@link ProposalResult}. Never fails: every outcome is a result.
 */
public final class ConfigProposer {

  private static final Logger log = LoggerFactory.getLogger(ConfigProposer.class);

  /** Discord keeps a deferred interaction open 15 minutes; the backend answers in milliseconds. */
  static final long TIMEOUT_MS = 15_000;

  /**
   * The Discord member a change is made for (a slash command's user): the history records them,
   * through this bot. A name Discord would not give (legacy or odd) is left out, the id stays.
   */
  public record Member(String userId, String userName) {
    private static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.]{1,32}");

    public static Member of(String userId, String userName) {
      return new Member(userId, userName != null && USERNAME.matcher(userName).matches() ? userName : null);
    }
  }

  private final Vertx vertx;
  private final String botId;
  private final ShardSpec shards;

  public ConfigProposer(Vertx vertx, String botId, ShardSpec shards) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.botId = Objects.requireNonNull(botId, "botId");
    this.shards = Objects.requireNonNull(shards, "shards");
  }

  /** Proposes {@code config} as the new config, based on {@code baseVersion} (0: none yet). */
  public Future<ProposalResult> proposeConfig(String guildId, String moduleId, long baseVersion, JsonObject config) {
    return proposeConfig(guildId, moduleId, baseVersion, config, (Member) null);
  }

  /**
   * As {@link #proposeConfig(String, String, long, JsonObject)}, for the Discord {@code member} who
   * ran a slash command: the history records them (through this bot) as the actor.
   */
  public Future<ProposalResult> proposeConfig(String guildId, String moduleId, long baseVersion, JsonObject config,
                                              Member member) {
    return propose(proposal(guildId, moduleId, baseVersion, new BotProposal.SetConfig(config), member));
  }

  /** Proposes to enable or disable the module, based on {@code baseVersion}. */
  public Future<ProposalResult> proposeEnabled(String guildId, String moduleId, long baseVersion, boolean enabled) {
    return proposeEnabled(guildId, moduleId, baseVersion, enabled, (Member) null);
  }

  /** As {@link #proposeEnabled(String, String, long, boolean)}, for the Discord {@code member}. */
  public Future<ProposalResult> proposeEnabled(String guildId, String moduleId, long baseVersion, boolean enabled,
                                               Member member) {
    return propose(proposal(guildId, moduleId, baseVersion, new BotProposal.SetEnabled(enabled), member));
  }

  private BotProposal proposal(String guildId, String moduleId, long baseVersion, BotProposal.Change change,
                               Member member) {
    return new BotProposal(botId, shards, guildId, moduleId, baseVersion, change,
        member == null ? null : new BotProposal.DiscordUser(member.userId(), member.userName()));
  }

  private Future<ProposalResult> propose(BotProposal proposal) {
    log.info("Bot {} proposes a change of module {} for guild {} based on v{}", botId, proposal.moduleId(),
        proposal.guildId(), proposal.baseVersion());
    return vertx.eventBus()
        .<JsonObject>request(Addresses.BOT_PROPOSAL, proposal, new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .map(reply -> fromReply(reply.body()))
        .otherwise(ConfigProposer::fromFailure)
        .onSuccess(result -> log.info("Proposal of bot {} for module {} of guild {} based on v{}: {}",
            botId, proposal.moduleId(), proposal.guildId(), proposal.baseVersion(), summary(result)));
  }

  // Configs run up to 1 MiB: the log names the outcome and versions only.
  private static String summary(ProposalResult result) {
    if (result instanceof ProposalResult.Applied applied) {
      return "applied as v" + applied.state().version() + (applied.state().enabled() ? ", enabled" : ", disabled");
    }
    if (result instanceof ProposalResult.Conflict conflict) {
      return "version conflict, current "
          + (conflict.current() == null ? "unknown" : "v" + conflict.current().version());
    }
    if (result instanceof ProposalResult.Refused refused) {
      return "refused (" + refused.code() + "): " + refused.message();
    }
    return "unavailable: " + ((ProposalResult.Unavailable) result).message();
  }

  static ProposalResult fromReply(JsonObject json) {
    try {
      ProposalReply reply = ProposalReply.fromJson(json);
      if (reply instanceof ProposalReply.Applied applied) {
        return new ProposalResult.Applied(ConfigState.fromJson(applied.state()));
      }
      ProposalReply.Conflict conflict = (ProposalReply.Conflict) reply;
      return new ProposalResult.Conflict(conflict.current() == null ? null : ConfigState.fromJson(conflict.current()),
          conflict.message());
    } catch (IllegalArgumentException e) {
      return new ProposalResult.Unavailable("the backend's answer could not be read (" + e.getMessage() + ")", true);
    }
  }

  static ProposalResult fromFailure(Throwable failure) {
    if (!(failure instanceof ReplyException reply)) {
      return new ProposalResult.Unavailable(String.valueOf(failure.getMessage()), true);
    }
    switch (reply.failureType()) {
      case RECIPIENT_FAILURE:
        return reply.failureCode() == FailureCodes.VERSION_CONFLICT
            ? new ProposalResult.Conflict(null, reply.getMessage())
            : new ProposalResult.Refused(reply.failureCode(), reply.getMessage());
      case NO_HANDLERS:
        return new ProposalResult.Unavailable("no ConfigSync backend is reachable", false);
      case TIMEOUT:
        return new ProposalResult.Unavailable(
            "the ConfigSync backend did not answer within " + TIMEOUT_MS / 1000 + " seconds", true);
      default:
        return new ProposalResult.Unavailable(String.valueOf(reply.getMessage()), true);
    }
  }
}
