package io.configsync.bot;

import io.configsync.bot.sync.CompactJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A feature of the bot whose per-guild configuration ConfigSync keeps in sync.
 *
 * <p>The module loader calls these methods on a Vert.x event loop, one at a time and in revision
 * order, for the guilds of this bot's shards. A module keeps what it needs in memory; it must not
 * query the backend per Discord event. The config objects passed in are shared: read them, never
 * mutate them. A failed future is logged and reported, and does not stop later changes.
 *
 * <p>Adding a module: one JSON Schema and its descriptor in codecs ({@code
 * io.configsync.codecs.modules}), registered in the backend's catalog, and one implementation here
 * (usually a {@code GuildConfigModule}), registered in {@code BundledModules} (see README, "Adding a
 * module").
 */
public interface BotModule {

  /** The registered module id, e.g. {@code welcome}; its descriptor's id. */
  String id();

  /** The module becomes active for {@code guildId} with {@code config}. */
  Future<Void> onEnable(String guildId, JsonObject config);

  /**
   * How the module loader calls {@link #onEnable} ({@code update} false) and {@link
   * #onConfigUpdate} ({@code update} true): {@code held} is {@code config} as the compact JSON the
   * bot holds anyway, immutable and shared. A module that keeps every guild's config can keep
   * {@code held} instead of a copy of its own, and read it again when it needs it ({@link
   * CompactJson#toJsonObject()}). By default, the hook {@code update} names.
   */
  default Future<Void> onConfig(String guildId, JsonObject config, CompactJson held, boolean update) {
    return update ? onConfigUpdate(guildId, config) : onEnable(guildId, config);
  }

  /** The module stops acting for {@code guildId} (disabled or deleted). */
  Future<Void> onDisable(String guildId);

  /** The module stays active for {@code guildId}; its config is now {@code config}. */
  Future<Void> onConfigUpdate(String guildId, JsonObject config);

  /**
   * The dashboard's "will this work?": checks on Discord what {@code config} would need in
   * {@code guildId} (a channel, a permission) without applying it. A failed future carries the
   * problem, shown to the admin as a warning. By default nothing is checked.
   */
  default Future<Void> preflight(String guildId, JsonObject config) {
    return Future.succeededFuture();
  }
}
