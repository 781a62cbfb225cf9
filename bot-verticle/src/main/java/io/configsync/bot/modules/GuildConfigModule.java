package io.configsync.bot.modules;

import io.configsync.bot.BotModule;
import io.configsync.bot.discord.DiscordPort;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.modules.ModuleDescriptor;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-guild bookkeeping every bundled module shares: a module keeps each guild's config in its
 * own parsed form {@code C}. Enabling or updating parses the config ({@link #parse}); a config that
 * does not parse is refused and the guild's previous one stays. A parsed config is kept, then
 * checked on Discord ({@link #checkOnDiscord}), and that check is the hook's result, reported as the
 * config's apply status. Disabling drops it.
 *
 * <p>A parse may finish later (on a worker): if another change of the guild came meanwhile, its
 * result is dropped, so a slow parse never overwrites a newer config.
 *
 * @param <C> the module's form of one guild's config
 */
public abstract class GuildConfigModule<C> implements BotModule {

  /** Where the module acts; its only way to Discord. */
  protected final DiscordPort discord;
  private final Logger log = LoggerFactory.getLogger(getClass());
  private final ModuleDescriptor descriptor;
  /** By the guild's id as a number: a million guilds' id strings would take 48 bytes more each. */
  private final Map<Long, C> configByGuild = new ConcurrentHashMap<>();
  /** The guilds whose parse is still running, with its change number; only these, to keep the heap small. */
  private final Map<Long, Long> parsing = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();

  protected GuildConfigModule(ModuleDescriptor descriptor, DiscordPort discord) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.discord = Objects.requireNonNull(discord, "discord");
  }

  @Override
  public final String id() {
    return descriptor.id();
  }

  @Override
  public final Future<Void> onEnable(String guildId, JsonObject config) {
    return apply(guildId, config, "enabled");
  }

  @Override
  public final Future<Void> onConfigUpdate(String guildId, JsonObject config) {
    return apply(guildId, config, "updated");
  }

  @Override
  public final Future<Void> onDisable(String guildId) {
    Long key = GuildIds.parse(guildId);
    parsing.remove(key);
    configByGuild.remove(key);
    log.debug("Module {} disabled for guild {}", id(), guildId);
    return Future.succeededFuture();
  }

  /** The config {@code guildId} has, or null when the module is not active there. */
  protected final C configOf(String guildId) {
    return GuildIds.isValid(guildId) ? configByGuild.get(Long.parseLong(guildId)) : null;
  }

  /** The module's form of {@code config}; a failed future (an {@link IllegalArgumentException}) refuses it. */
  protected abstract Future<C> parse(JsonObject config);

  /** What {@code config} needs on Discord in {@code guildId} (a channel, a permission), checked. */
  protected abstract Future<Void> checkOnDiscord(String guildId, C config);

  /** A few words on {@code config} for the debug log, e.g. how many rules it has. */
  protected abstract String summary(C config);

  private Future<Void> apply(String guildId, JsonObject json, String change) {
    Long key = GuildIds.parse(guildId);
    parsing.remove(key); // a parse still running for the guild is stale from now
    Future<C> parsed = parse(json);
    if (parsed.isComplete()) {
      return use(guildId, key, parsed, change);
    }
    Long number = changes.incrementAndGet();
    parsing.put(key, number);
    return parsed.transform(result -> parsing.remove(key, number) || result.failed()
        ? use(guildId, key, result, change)
        : Future.succeededFuture()); // a newer change of the guild was applied meanwhile
  }

  private Future<Void> use(String guildId, Long key, AsyncResult<C> parsed, String change) {
    if (parsed.failed()) {
      log.warn("Module {} refused a config for guild {}, any previous one stays: {}",
          id(), guildId, parsed.cause().getMessage());
      return Future.failedFuture(new IllegalArgumentException(
          "invalid " + id() + " config for guild " + guildId + ": " + parsed.cause().getMessage(), parsed.cause()));
    }
    configByGuild.put(key, parsed.result());
    // The sequencer logs each change it applies; a bulk load would log a line per guild here.
    if (log.isDebugEnabled()) { // the summary costs a string per guild of a bulk load
      log.debug("Module {} {} for guild {} ({})", id(), change, guildId, summary(parsed.result()));
    }
    return checkOnDiscord(guildId, parsed.result());
  }
}
