package io.configsync.bot.modules.automod;

import io.configsync.bot.discord.DiscordEventListener;
import io.configsync.bot.discord.DiscordPort;
import io.configsync.bot.discord.DiscordPortException;
import io.configsync.bot.discord.MessagePosted;
import io.configsync.bot.discord.MissingPermissionsException;
import io.configsync.bot.discord.ModerationPermission;
import io.configsync.bot.modules.GuildConfigModule;
import io.configsync.codecs.modules.Automod;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every message of a configured guild against the guild's rules, in order; the first rule
 * that matches acts on the message. Messages of bots and webhooks are left alone.
 *
 * <p>Applying a config keeps its rules, then checks through the Discord port that the bot holds the
 * permissions their actions need ({@link #permissionsFor}); the hook's future is that check, so a
 * missing permission is reported as the config's apply status, naming the rules that need it.
 */
public final class AutomodModule extends GuildConfigModule<List<AutomodRule>> implements DiscordEventListener {

  private static final Logger log = LoggerFactory.getLogger(AutomodModule.class);
  private static final int RULES_NAMED_AT_MOST = 5;

  public AutomodModule(DiscordPort discord) {
    super(Automod.MODULE, discord);
  }

  @Override
  public void onMessagePosted(MessagePosted message) {
    List<AutomodRule> rules = configOf(message.guildId());
    if (message.authorIsBot() || rules == null) {
      return;
    }
    for (AutomodRule rule : rules) {
      if (rule.matches(message.content())) {
        enforce(rule, message);
        return;
      }
    }
  }

  /**
   * A config read again for a message (its rules not used lately) compiles on the event loop; its
   * patterns are usually still compiled ({@link SharedPatterns}), else each costs up to a few
   * milliseconds once, within the limits.
   */
  @Override
  protected List<AutomodRule> read(JsonObject config) {
    return AutomodRules.compile(config);
  }

  /**
   * Compiling a pattern takes up to a few milliseconds even within the limits: on an event loop,
   * only configs whose patterns are all compiled already; the others on a worker, in order.
   */
  @Override
  protected Future<List<AutomodRule>> parse(JsonObject config) {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext() || AutomodRules.compilesFromCache(config)) {
      return super.parse(config);
    }
    return context.executeBlocking(() -> AutomodRules.compile(config), true);
  }

  @Override
  protected Future<Void> checkOnDiscord(String guildId, List<AutomodRule> rules) {
    Set<ModerationPermission> needed = EnumSet.noneOf(ModerationPermission.class);
    rules.forEach(rule -> needed.addAll(permissionsFor(rule.action().type())));
    return discord.checkPermissions(guildId, needed)
        .recover(e -> Future.failedFuture(e instanceof MissingPermissionsException missing
            ? new DiscordPortException(e.getMessage() + neededBy(rules, missing.missing()), e)
            : e));
  }

  @Override
  protected String summary(List<AutomodRule> rules) {
    return rules.size() + " rules";
  }

  /**
   * What an action needs of the bot up front: delete needs Manage Messages; timeout deletes too,
   * and needs Timeout Members; warn only posts in the message's own channel, which is not known
   * until a message arrives.
   */
  static Set<ModerationPermission> permissionsFor(RuleAction.Type action) {
    return switch (action) {
      case DELETE -> EnumSet.of(ModerationPermission.MANAGE_MESSAGES);
      case TIMEOUT -> EnumSet.of(
          ModerationPermission.MANAGE_MESSAGES, ModerationPermission.MODERATE_MEMBERS);
      case WARN -> EnumSet.noneOf(ModerationPermission.class);
    };
  }

  /** E.g. {@code " (needed by rules 'no-invites', 'no-caps')"}; empty when no rule needs one. */
  private static String neededBy(List<AutomodRule> rules, Set<ModerationPermission> missing) {
    List<String> ids = new ArrayList<>();
    for (AutomodRule rule : rules) {
      if (permissionsFor(rule.action().type()).stream().anyMatch(missing::contains)) {
        ids.add("'" + rule.id() + "'");
      }
    }
    if (ids.isEmpty()) {
      return "";
    }
    String named = String.join(", ", ids.subList(0, Math.min(ids.size(), RULES_NAMED_AT_MOST)));
    int more = ids.size() - RULES_NAMED_AT_MOST;
    return " (needed by rule" + (ids.size() == 1 ? " " : "s ") + named
        + (more > 0 ? " and " + more + " more" : "") + ")";
  }

  private void enforce(AutomodRule rule, MessagePosted message) {
    log.info("Module {} rule {} matched message {} of user {} in guild {}: {}",
        Automod.ID, rule.id(), message.messageId(), message.authorId(), message.guildId(),
        rule.action().type());
    switch (rule.action().type()) {
      case DELETE -> delete(rule, message);
      case WARN -> report(rule, message, "warn", discord.sendMessage(
          message.channelId(), warning(rule, message)));
      case TIMEOUT -> {
        delete(rule, message);
        report(rule, message, "time out", discord.timeoutMember(message.guildId(),
            message.authorId(), rule.action().timeout(), "Automod rule " + rule.id()));
      }
    }
  }

  private void delete(AutomodRule rule, MessagePosted message) {
    report(rule, message, "delete",
        discord.deleteMessage(message.channelId(), message.messageId()));
  }

  private static String warning(AutomodRule rule, MessagePosted message) {
    return message.authorMention() + ", your message breaks this server's rule `" + rule.id() + "`.";
  }

  private static void report(
      AutomodRule rule, MessagePosted message, String what, Future<Void> outcome) {
    outcome.onFailure(e -> log.warn("Module {} rule {} could not {} (message {}, guild {}): {}",
        Automod.ID, rule.id(), what, message.messageId(), message.guildId(), e.getMessage()));
  }
}
