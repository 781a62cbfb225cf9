package io.configsync.bot.modules.welcome;

import io.configsync.bot.discord.DiscordEventListener;
import io.configsync.bot.discord.DiscordPort;
import io.configsync.bot.discord.MemberJoined;
import io.configsync.bot.modules.GuildConfigModule;
import io.configsync.codecs.modules.Welcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
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
public final class WelcomeModule extends GuildConfigModule<WelcomeConfig> implements DiscordEventListener {

  private static final Logger log = LoggerFactory.getLogger(WelcomeModule.class);

  public WelcomeModule(DiscordPort discord) {
    super(Welcome.MODULE, discord);
  }

  @Override
  public void onMemberJoined(MemberJoined joined) {
    WelcomeConfig config = configOf(joined.guildId());
    if (config == null) {
      return;
    }
    String text = fitForDiscord(WelcomeTemplate.render(config.message(), joined));
    Future<Void> sent = config.dm()
        ? discord.sendDirectMessage(joined.userId(), text)
        : discord.sendMessage(config.channelId(), text);
    sent.onFailure(e -> log.warn("Module {} could not welcome user {} in guild {}: {}",
        id(), joined.userId(), joined.guildId(), e.getMessage()));
  }

  @Override
  public Future<Void> preflight(String guildId, JsonObject json) {
    return parse(json).compose(config -> checkOnDiscord(guildId, config));
  }

  @Override
  protected WelcomeConfig read(JsonObject json) {
    return WelcomeConfig.fromJson(json);
  }

  /** A direct message needs no channel; the bot must still be in the guild to see joins. */
  @Override
  protected Future<Void> checkOnDiscord(String guildId, WelcomeConfig config) {
    return config.dm() ? discord.checkPermissions(guildId, Set.of()) : discord.checkCanPost(guildId, config.channelId());
  }

  @Override
  protected String summary(WelcomeConfig config) {
    return "dm=" + config.dm() + ", channel=" + config.channelId();
  }

  // Long names can push a full-length template past Discord's limit, which would refuse it.
  private static String fitForDiscord(String text) {
    int max = Welcome.MESSAGE_MAX_LENGTH;
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }
}
