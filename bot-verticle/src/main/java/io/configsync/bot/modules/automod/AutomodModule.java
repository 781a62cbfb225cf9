package io.configsync.bot.modules.automod;

import io.configsync.bot.BotModule;
import io.configsync.bot.discord.DiscordEventListener;
import io.configsync.bot.discord.DiscordPort;
import io.configsync.bot.discord.MessagePosted;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every message of a configured guild against the guild's rules, in order; the first rule
 * that matches acts on the message. Messages of bots and webhooks are left alone.
 */
public final class AutomodModule implements BotModule, DiscordEventListener {

  public static final String ID = "automod";

  private static final Logger log = LoggerFactory.getLogger(AutomodModule.class);

  private final DiscordPort discord;
  private final Map<String, List<AutomodRule>> rulesByGuild = new ConcurrentHashMap<>();

  public AutomodModule(DiscordPort discord) {
    this.discord = Objects.requireNonNull(discord, "discord");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Future<Void> onEnable(String guildId, JsonObject config) {
    return apply(guildId, config, "enabled");
  }

  @Override
  public Future<Void> onConfigUpdate(String guildId, JsonObject config) {
    return apply(guildId, config, "updated");
  }

  @Override
  public Future<Void> onDisable(String guildId) {
    rulesByGuild.remove(guildId);
    log.info("Module {} disabled for guild {}", ID, guildId);
    return Future.succeededFuture();
  }

  @Override
  public void onMessagePosted(MessagePosted message) {
    if (message.authorIsBot()) {
      return;
    }
    for (AutomodRule rule : rulesByGuild.getOrDefault(message.guildId(), List.of())) {
      if (rule.matches(message.content())) {
        enforce(rule, message);
        return;
      }
    }
  }

  private Future<Void> apply(String guildId, JsonObject config, String change) {
    List<AutomodRule> rules;
    try {
      rules = AutomodRules.compile(config);
    } catch (IllegalArgumentException e) {
      log.warn("Module {} refused a config for guild {}, any previous rules stay: {}",
          ID, guildId, e.getMessage());
      return Future.failedFuture(new IllegalArgumentException(
          "invalid " + ID + " config for guild " + guildId + ": " + e.getMessage(), e));
    }
    rulesByGuild.put(guildId, rules);
    log.info("Module {} {} for guild {} with {} rules", ID, change, guildId, rules.size());
    return Future.succeededFuture();
  }

  private void enforce(AutomodRule rule, MessagePosted message) {
    log.info("Module {} rule {} matched message {} of user {} in guild {}: {}",
        ID, rule.id(), message.messageId(), message.authorId(), message.guildId(),
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
        ID, rule.id(), what, message.messageId(), message.guildId(), e.getMessage()));
  }
}
