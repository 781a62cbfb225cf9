package io.configsync.bot.sync;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What this bot holds for a (guild, module), read-only: for code that changes a config starting
 * from the current one and proposes it with the version it started from. Read it on the bot
 * verticle's context only, like the {@link ModuleLoader} behind it.
 */
@FunctionalInterface
public interface HeldConfigs {

  /** What is held for {@code moduleId} in {@code guildId}; empty when the bot never saw either. */
  Optional<HeldConfig> find(String guildId, String moduleId);

  /**
   * @param version the version applied last (also after a disable or a delete)
   * @param config the config held, shared: never mutate it; null when the bot holds none (e.g. not
   *     enabled)
   */
  record HeldConfig(String guildId, String moduleId, long version, boolean enabled, JsonObject config) {}
}
