package io.configsync.bot.modules.welcome;

import io.configsync.bot.BotModule;
import io.configsync.bot.discord.DiscordEventListener;
import io.configsync.bot.discord.DiscordPort;
import io.configsync.bot.discord.MemberJoined;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greets every member who joins a guild, in a channel or by direct message.
 *
 * <p>Applying a config keeps it, then checks through the Discord port that the welcome can be
 * posted (the channel exists, the bot may send there); the hook's future is that check, so a
 * missing channel or permission is reported as the config's apply status. The config stays held
 * either way: every join still tries to welcome, so granting the permission later heals it.
 */
public final class WelcomeModule implements BotModule, DiscordEventListener {

  public static final String ID = "welcome";

  private static final Logger log = LoggerFactory.getLogger(WelcomeModule.class);

  private final DiscordPort discord;
  private final Map<String, WelcomeConfig> configByGuild = new ConcurrentHashMap<>();

  public WelcomeModule(DiscordPort discord) {
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
    configByGuild.remove(guildId);
    log.debug("Module {} disabled for guild {}", ID, guildId);
    return Future.succeededFuture();
  }

  @Override
  public void onMemberJoined(MemberJoined joined) {
    WelcomeConfig config = configByGuild.get(joined.guildId());
    if (config == null) {
      return;
    }
    String text = fitForDiscord(WelcomeTemplate.render(config.message(), joined));
    Future<Void> sent = config.dm()
        ? discord.sendDirectMessage(joined.userId(), text)
        : discord.sendMessage(config.channelId(), text);
    sent.onFailure(e -> log.warn("Module {} could not welcome user {} in guild {}: {}",
        ID, joined.userId(), joined.guildId(), e.getMessage()));
  }

  @Override
  public Future<Void> preflight(String guildId, JsonObject json) {
    WelcomeConfig config;
    try {
      config = WelcomeConfig.fromJson(json);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return config.dm() ? discord.checkPermissions(guildId, Set.of()) : discord.checkCanPost(guildId, config.channelId());
  }

  private Future<Void> apply(String guildId, JsonObject json, String change) {
    WelcomeConfig config;
    try {
      config = WelcomeConfig.fromJson(json);
    } catch (IllegalArgumentException e) {
      log.warn("Module {} refused a config for guild {}, any previous one stays: {}",
          ID, guildId, e.getMessage());
      return Future.failedFuture(new IllegalArgumentException(
          "invalid " + ID + " config for guild " + guildId + ": " + e.getMessage(), e));
    }
    configByGuild.put(guildId, config);
    // The sequencer logs each change it applies; a bulk load would log a line per guild here.
    log.debug("Module {} {} for guild {} (dm={}, channel={})",
        ID, change, guildId, config.dm(), config.channelId());
    // A direct message needs no channel; the bot must still be in the guild to see joins.
    return config.dm()
        ? discord.checkPermissions(guildId, Set.of())
        : discord.checkCanPost(guildId, config.channelId());
  }

  // Long names can push a 2000-character template past Discord's limit, which would refuse it.
  private static String fitForDiscord(String text) {
    int max = WelcomeConfig.MAX_MESSAGE_LENGTH;
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }
}
