package io.configsync.bot.sync;

import io.configsync.bot.discord.DiscordEventListener;
import io.configsync.bot.discord.GuildJoined;
import io.configsync.bot.discord.GuildLeft;
import io.configsync.bot.discord.GuildUnavailable;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bot does when Discord adds it to a guild, removes it from one, or reports one
 * unavailable. Registered with {@code DiscordEvents}, so it runs on the bot verticle's context.
 *
 * <p>The bot holds the configs of its <em>shards</em>, whether or not it is in each guild: the
 * {@code /bot/state} digest is the shard's database state, and versions keep ordering live events.
 * Guild membership only decides whether the modules are active in a guild:
 *
 * <ul>
 *   <li>Joined (GUILD_CREATE for a new guild): the modules are enabled again with what is held if
 *       the bot had left the guild, then the guild's configs are fetched from the backend ({@code GET
 *       /api/guilds/{guildId}/modules}) and each one is applied only if its version is newer than the
 *       one held: the sequencer keeps applying live events meanwhile, and versions make both paths
 *       idempotent, never going back. A config absent from the answer (deleted) is left to the event
 *       log, which orders deletes. A fetch that fails is logged and not retried: held configs
 *       already follow the backend through the event stream, so this is a safety net. While the
 *       sequencer is (re)loading the full state the fetch is skipped, as the load covers the guild.
 *   <li>Left: the modules get {@code onDisable} for each enabled config of the guild; the configs
 *       stay held (and in the digest) and later events for the guild update them without calling
 *       the modules, until the bot joins again. This is not persisted: after a restart the bot
 *       enables the guild's configs as for any guild of its shards.
 *   <li>Unavailable (a Discord outage): nothing changes; the config is kept. Logged.
 * </ul>
 *
 * <p>Guilds the bot is in at login (JDA's {@code GuildReadyEvent}) need nothing: they are loaded.
 */
public final class GuildLifecycle implements DiscordEventListener {

  private static final Logger LOG = LoggerFactory.getLogger(GuildLifecycle.class);

  private final ShardSpec shards;
  private final ModuleLoader loader;
  private final BackendClient backend;
  private final BooleanSupplier loaded;

  /** {@code loaded} tells whether the sequencer holds the full state (not loading it). */
  public GuildLifecycle(ShardSpec shards, ModuleLoader loader, BackendClient backend, BooleanSupplier loaded) {
    this.shards = Objects.requireNonNull(shards, "shards");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.loaded = Objects.requireNonNull(loaded, "loaded");
  }

  @Override
  public void onGuildJoined(GuildJoined event) {
    joined(event.guildId());
  }

  @Override
  public void onGuildLeft(GuildLeft event) {
    left(event.guildId());
  }

  @Override
  public void onGuildUnavailable(GuildUnavailable event) {
    LOG.info("Guild {} is unavailable; its configs are kept", event.guildId());
  }

  /**
   * Re-enables what is held for the guild if the bot had left it, then fetches its configs and
   * applies the newer ones. Completes with how many states were applied (0 for a guild of other
   * shards).
   */
  public Future<Integer> joined(String guildId) {
    if (!GuildIds.isValid(guildId) || !shards.contains(Long.parseLong(guildId))) {
      return Future.succeededFuture(0);
    }
    int reEnabled = loader.guildJoined(Long.parseLong(guildId));
    if (!loaded.getAsBoolean()) {
      LOG.info("Joined guild {}: the full state being loaded covers it", guildId);
      return Future.succeededFuture(0);
    }
    return backend.guildStates(guildId)
        .map(states -> applyNewer(guildId, states, reEnabled))
        .onFailure(failure -> LOG.warn("Joined guild {}: could not fetch its configs ({}); the event log keeps"
            + " them current", guildId, failure.getMessage()));
  }

  private int applyNewer(String guildId, List<BackendClient.GuildState> states, int reEnabled) {
    int applied = 0;
    int stale = 0;
    for (BackendClient.GuildState state : states) {
      if (!guildId.equals(state.guildId())) {
        continue;
      }
      ModuleLoader.Outcome outcome = loader.apply(state);
      if (outcome == ModuleLoader.Outcome.APPLIED) {
        applied++;
      } else if (outcome == ModuleLoader.Outcome.STALE) {
        stale++;
      }
    }
    LOG.info("Joined guild {}: {} held config(s) re-enabled, {} fetched state(s) applied, {} not newer than held",
        guildId, reEnabled, applied, stale);
    return applied;
  }

  /** Disables the guild's configs in the modules, keeping them held. Returns how many were disabled. */
  public int left(String guildId) {
    if (!GuildIds.isValid(guildId)) {
      return 0;
    }
    int disabled = loader.guildLeft(Long.parseLong(guildId));
    LOG.info("Left guild {}: {} config(s) disabled in the modules, still held for the shard", guildId, disabled);
    return disabled;
  }
}
