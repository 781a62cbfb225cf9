package io.configsync.bot.modules;

import io.configsync.bot.BotModule;
import io.configsync.bot.discord.DiscordEventListener;
import io.configsync.bot.discord.DiscordPort;
import io.configsync.bot.modules.automod.AutomodModule;
import io.configsync.bot.modules.welcome.WelcomeModule;
import java.util.Collection;
import java.util.List;

/**
 * The modules shipped with the bot: the one place where a new module is added. Its facts (id,
 * schema, limits) are its descriptor in codecs ({@code io.configsync.codecs.modules}), whose schema
 * the backend serves and validates with; the module reads them there, usually by extending {@link
 * GuildConfigModule}.
 *
 * <p>Modules that react to Discord activity also implement {@link DiscordEventListener}; {@link
 * #listenersAmong} picks them out so the caller can register them with {@code DiscordEvents}.
 */
public final class BundledModules {

  private BundledModules() {}

  /** A fresh instance of every bundled module, each acting on Discord through {@code port}. */
  public static List<BotModule> create(DiscordPort port) {
    return List.of(new WelcomeModule(port), new AutomodModule(port));
  }

  /** Those of {@code modules} that listen to Discord events, in the same order. */
  public static List<DiscordEventListener> listenersAmong(Collection<? extends BotModule> modules) {
    return modules.stream()
        .filter(DiscordEventListener.class::isInstance)
        .map(DiscordEventListener.class::cast)
        .toList();
  }
}
