package io.configsync.bot.sync;

import io.configsync.bot.BotModule;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered bot modules, and the one place their hooks are called from: turns a change of
 * what is held into {@code onEnable}, {@code onConfigUpdate} or {@code onDisable}, except in guilds
 * the bot was removed from. Counts the hooks still running and those that failed.
 *
 * <p>Confined to the bot verticle's context.
 */
final class ModuleHooks {

  private static final Logger LOG = LoggerFactory.getLogger(ModuleHooks.class);

  private final Map<String, BotModule> modules = new LinkedHashMap<>();
  /**
   * Guilds of the shards the bot was removed from: their configs stay held (versions and digest
   * follow the backend) but the modules are not active there; hooks are not called for them.
   */
  private final Set<Long> absentGuilds = new HashSet<>();
  private int inFlight;
  private long failures;

  void register(BotModule module) {
    if (modules.putIfAbsent(module.id(), module) != null) {
      throw new IllegalArgumentException("module '" + module.id() + "' is registered twice");
    }
  }

  Optional<BotModule> module(String moduleId) {
    return Optional.ofNullable(modules.get(moduleId));
  }

  List<String> moduleIds() {
    return List.copyOf(modules.keySet());
  }

  /**
   * Calls the hook {@code change} asks of its module; none for a guild the bot is not in, nor for a
   * change that leaves a disabled config disabled. A failed hook is counted and logged here.
   */
  Future<Void> dispatch(HeldConfigStore.Change change) {
    if (isAbsentFrom(change.key().guildId())) {
      return Future.succeededFuture();
    }
    Future<Void> result = call(modules.get(change.key().moduleId()), change);
    if (result.succeeded()) {
      return result; // done already, as nearly every hook of a bulk load: no handler to allocate
    }
    inFlight++;
    return result.onComplete(outcome -> {
      inFlight--;
      if (outcome.failed()) {
        failures++;
        LOG.warn("Module {} could not act on its config v{} for guild {}: {}", change.key().moduleId(),
            change.version(), change.key().guildId(), describe(outcome.cause()));
      }
    });
  }

  private static Future<Void> call(BotModule module, HeldConfigStore.Change change) {
    String guildId = change.key().guild();
    if (change.nowEnabled()) {
      return module.onConfig(guildId, change.config(), change.held(), change.wasEnabled());
    }
    return change.wasEnabled() ? module.onDisable(guildId) : Future.succeededFuture();
  }

  /** Whether the bot was removed from {@code guildId} (and not added back since). */
  boolean isAbsentFrom(long guildId) {
    return !absentGuilds.isEmpty() && absentGuilds.contains(guildId); // no boxing in the usual case
  }

  /** The bot was removed from {@code guildId}: no hook is called there from now. */
  void markAbsent(long guildId) {
    absentGuilds.add(guildId);
  }

  /** The bot was added back to {@code guildId}: hooks are called there again. False if it was not absent. */
  boolean markPresent(long guildId) {
    return absentGuilds.remove(guildId);
  }

  /** True when every hook called so far has finished. */
  boolean idle() {
    return inFlight == 0;
  }

  /** Hook calls that failed since start. */
  long failures() {
    return failures;
  }

  static String describe(Throwable failure) {
    return failure.getMessage() != null ? failure.getMessage() : failure.toString();
  }
}
