package io.configsync.bot.modules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.configsync.bot.BotModule;
import io.configsync.bot.discord.DiscordPort;
import io.configsync.bot.sync.CompactJson;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.modules.ModuleDescriptor;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
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
 * The per-guild bookkeeping every bundled module shares. Enabling or updating parses the config
 * into the module's own form {@code C} ({@link #parse}); a config that does not parse is refused
 * and the guild's previous one stays. The parsed config is then checked on Discord ({@link
 * #checkOnDiscord}), and that check is the hook's result, reported as the config's apply status.
 * Disabling drops it.
 *
 * <p>What the module keeps of each guild is the config it accepted as the compact JSON the bot
 * holds anyway ({@link #onConfig}), not its parsed form: a bot of a million guilds would otherwise
 * hold a second, larger copy of every config, most of them for guilds that never post a message
 * while it runs. The parsed form of the guilds that use it ({@link #configOf}) is kept for the
 * {@value #PARSED_KEPT} used most; any other is read again from the JSON on its guild's next event.
 *
 * <p>A parse may finish later (on a worker): if another change of the guild came meanwhile, its
 * result is dropped, so a slow parse never overwrites a newer config.
 *
 * @param <C> the module's form of one guild's config
 */
public abstract class GuildConfigModule<C> implements BotModule {

  /** Parsed configs kept for the guilds whose events come most, per module. */
  public static final int PARSED_KEPT = 10_000;

  /** Where the module acts; its only way to Discord. */
  protected final DiscordPort discord;
  private final Logger log = LoggerFactory.getLogger(getClass());
  private final ModuleDescriptor descriptor;
  /**
   * By the guild's id: the config the module acts on there, shared with the bot's store. Keyed by
   * the number itself, without an entry object or a boxed key per guild. Read and changed on the
   * bot's context only, as hooks and Discord events are.
   */
  private final LongObjectMap<CompactJson> acceptedByGuild = new LongObjectHashMap<>();
  /** The parsed form of configs in use, with the accepted JSON it was read from. */
  private final Cache<Long, Parsed<C>> parsedByGuild = Caffeine.newBuilder()
      .maximumSize(PARSED_KEPT)
      .executor(Runnable::run)
      .build();
  /** The guilds whose parse is still running, with its change number; only these, to keep the heap small. */
  private final Map<Long, Long> parsing = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();

  private record Parsed<C>(CompactJson from, C config) {}

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
    return apply(guildId, config, CompactJson.of(config), "enabled");
  }

  @Override
  public final Future<Void> onConfigUpdate(String guildId, JsonObject config) {
    return apply(guildId, config, CompactJson.of(config), "updated");
  }

  @Override
  public final Future<Void> onConfig(String guildId, JsonObject config, CompactJson held, boolean update) {
    return apply(guildId, config, held, update ? "updated" : "enabled");
  }

  @Override
  public final Future<Void> onDisable(String guildId) {
    Long key = GuildIds.parse(guildId);
    parsing.remove(key);
    acceptedByGuild.remove((long) key);
    parsedByGuild.invalidate(key);
    log.debug("Module {} disabled for guild {}", id(), guildId);
    return Future.succeededFuture();
  }

  /**
   * The config {@code guildId} has, or null when the module is not active there. Read again from
   * its JSON when it was not used lately; call it on the bot's context, as the hooks are.
   */
  protected final C configOf(String guildId) {
    if (!GuildIds.isValid(guildId)) {
      return null;
    }
    Long key = Long.parseLong(guildId);
    CompactJson accepted = acceptedByGuild.get((long) key);
    if (accepted == null) {
      return null;
    }
    Parsed<C> parsed = parsedByGuild.getIfPresent(key);
    if (parsed != null && parsed.from() == accepted) {
      return parsed.config();
    }
    C config = read(accepted.toJsonObject()); // it was accepted: it reads as it did then
    parsedByGuild.put(key, new Parsed<>(accepted, config));
    return config;
  }

  /** The module's form of {@code config}; throws an {@link IllegalArgumentException} if it is not valid. */
  protected abstract C read(JsonObject config);

  /**
   * {@link #read} as a future, a failed one refusing the config. A module whose reading can take
   * long overrides it to read on a worker.
   */
  protected Future<C> parse(JsonObject config) {
    try {
      return Future.succeededFuture(read(config));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /** What {@code config} needs on Discord in {@code guildId} (a channel, a permission), checked. */
  protected abstract Future<Void> checkOnDiscord(String guildId, C config);

  /** A few words on {@code config} for the debug log, e.g. how many rules it has. */
  protected abstract String summary(C config);

  private Future<Void> apply(String guildId, JsonObject json, CompactJson held, String change) {
    Long key = GuildIds.parse(guildId);
    parsing.remove(key); // a parse still running for the guild is stale from now
    Future<C> parsed = parse(json);
    if (parsed.isComplete()) {
      return use(guildId, key, parsed, held, change);
    }
    Long number = changes.incrementAndGet();
    parsing.put(key, number);
    return parsed.transform(result -> parsing.remove(key, number) || result.failed()
        ? use(guildId, key, result, held, change)
        : Future.succeededFuture()); // a newer change of the guild was applied meanwhile
  }

  private Future<Void> use(String guildId, Long key, AsyncResult<C> parsed, CompactJson held, String change) {
    if (parsed.failed()) {
      log.warn("Module {} refused a config for guild {}, any previous one stays: {}",
          id(), guildId, parsed.cause().getMessage());
      return Future.failedFuture(new IllegalArgumentException(
          "invalid " + id() + " config for guild " + guildId + ": " + parsed.cause().getMessage(), parsed.cause()));
    }
    // No cache call per apply (a bulk load has a million): a parsed form of an older config no
    // longer matches the accepted JSON by identity, so configOf reads the new one instead.
    acceptedByGuild.put((long) key, held);
    // The sequencer logs each change it applies; a bulk load would log a line per guild here.
    if (log.isDebugEnabled()) { // the summary costs a string per guild of a bulk load
      log.debug("Module {} {} for guild {} ({})", id(), change, guildId, summary(parsed.result()));
    }
    return checkOnDiscord(guildId, parsed.result());
  }
}
