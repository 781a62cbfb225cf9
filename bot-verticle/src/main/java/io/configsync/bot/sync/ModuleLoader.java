package io.configsync.bot.sync;

import io.configsync.bot.BotModule;
import io.configsync.codecs.ApplyStatus;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.configsync.codecs.StateDigest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered bot modules and what this bot holds for each (guild, module) of its shards: the
 * version applied, whether it is enabled, and the config it was enabled with (the object received,
 * kept for the snapshot file). It calls the modules' hooks as configs come and go.
 *
 * <p>Confined to the bot verticle's context.
 */
public final class ModuleLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModuleLoader.class);

  /** What applying one event did. */
  public enum Outcome { APPLIED, STALE, OTHER_SHARD, UNKNOWN_MODULE }

  private record Key(long guildId, String moduleId) {}

  /** {@code config} is the object the module was given, not a copy; null when not enabled. */
  private record Held(long version, boolean enabled, JsonObject config) {}

  private final ShardSpec shards;
  private final Map<String, BotModule> modules = new LinkedHashMap<>();
  private final Map<Key, Held> held = new HashMap<>();
  private final Set<String> unknownModulesLogged = new HashSet<>();
  /** Apply results not yet acked, the newest per (guild, module). */
  private final Map<Key, ApplyStatus> unreportedStatuses = new LinkedHashMap<>();
  private long moduleFailures;
  private int hooksInFlight;

  public ModuleLoader(ShardSpec shards) {
    this.shards = shards;
  }

  public ModuleLoader register(BotModule module) {
    if (modules.putIfAbsent(module.id(), module) != null) {
      throw new IllegalArgumentException("module '" + module.id() + "' is registered twice");
    }
    return this;
  }

  public List<String> moduleIds() {
    return List.copyOf(modules.keySet());
  }

  /** A read-only view of what is held, for this verticle's context; see {@link HeldConfigs}. */
  public HeldConfigs heldConfigs() {
    return (guildId, moduleId) -> {
      if (!GuildIds.isValid(guildId)) {
        return Optional.empty();
      }
      Held value = held.get(new Key(Long.parseLong(guildId), moduleId));
      return value == null ? Optional.empty() : Optional.of(
          new HeldConfigs.HeldConfig(guildId, moduleId, value.version(), value.enabled(), value.config()));
    };
  }

  /**
   * Makes what is held for one module equal a bulk load: enables or updates every item, disables
   * every held config the load no longer has.
   */
  public void replaceAll(String moduleId, List<BackendClient.BulkItem> items) {
    BotModule module = modules.get(moduleId);
    Set<Key> loaded = new HashSet<>(items.size() * 2);
    for (BackendClient.BulkItem item : items) {
      Key key = new Key(GuildIds.parse(item.guildId()), moduleId);
      loaded.add(key);
      Held previous = held.get(key);
      if (previous != null && previous.enabled() && previous.version() == item.version()) {
        continue;
      }
      held.put(key, new Held(item.version(), true, item.config()));
      report(module, key, item.version(), previous != null && previous.enabled()
          ? module.onConfigUpdate(item.guildId(), item.config())
          : module.onEnable(item.guildId(), item.config()));
    }
    for (Map.Entry<Key, Held> entry : new ArrayList<>(held.entrySet())) {
      Key key = entry.getKey();
      if (key.moduleId().equals(moduleId) && entry.getValue().enabled() && !loaded.contains(key)) {
        held.put(key, new Held(entry.getValue().version(), false, null));
        report(module, key, entry.getValue().version(), module.onDisable(Long.toString(key.guildId())));
      }
    }
    LOG.info("Loaded module {}: {} enabled guild(s) in shards {}", moduleId, items.size(), shards);
  }

  /**
   * Takes back what a snapshot file held, as this bot held it before a restart: enables every
   * enabled entry (skipping modules this bot no longer runs and guilds of other shards).
   */
  public void restore(List<BotSnapshotFile.Entry> entries) {
    int enabled = 0;
    for (BotSnapshotFile.Entry entry : entries) {
      BotModule module = modules.get(entry.moduleId());
      if (module == null || !shards.contains(entry.guildId())) {
        continue;
      }
      Key key = new Key(entry.guildId(), entry.moduleId());
      held.put(key, new Held(entry.version(), entry.enabled(), entry.enabled() ? entry.config() : null));
      if (entry.enabled()) {
        enabled++;
        report(module, key, entry.version(), module.onEnable(Long.toString(entry.guildId()), entry.config()));
      }
    }
    LOG.info("Restored {} held config(s), {} enabled, in shards {}", held.size(), enabled, shards);
  }

  /** Everything held, for the snapshot file; the configs are shared, not copied. */
  public List<BotSnapshotFile.Entry> snapshotEntries() {
    List<BotSnapshotFile.Entry> entries = new ArrayList<>(held.size());
    held.forEach((key, value) -> entries.add(
        new BotSnapshotFile.Entry(key.guildId(), key.moduleId(), value.version(), value.enabled(), value.config())));
    return entries;
  }

  /** Applies one event, unless it is stale, of another shard, or of a module this bot lacks. */
  public Outcome apply(ModuleChangeEvent event) {
    long guildId = Long.parseLong(event.guildId());
    if (!shards.contains(guildId)) {
      return Outcome.OTHER_SHARD;
    }
    BotModule module = modules.get(event.moduleId());
    if (module == null) {
      if (unknownModulesLogged.add(event.moduleId())) {
        LOG.warn("Ignoring events of module '{}': this bot does not run it", event.moduleId());
      }
      return Outcome.UNKNOWN_MODULE;
    }
    Key key = new Key(guildId, event.moduleId());
    Held previous = held.get(key);
    if (previous != null && event.version() <= previous.version()) {
      return Outcome.STALE;
    }
    boolean wasEnabled = previous != null && previous.enabled();
    boolean nowEnabled = event.action().leavesEnabled();
    held.put(key, new Held(event.version(), nowEnabled, nowEnabled ? event.config() : null));
    report(module, key, event.version(), hook(module, event.guildId(), event.config(), wasEnabled, nowEnabled));
    return Outcome.APPLIED;
  }

  private static Future<Void> hook(BotModule module, String guildId, JsonObject config, boolean wasEnabled,
                                   boolean nowEnabled) {
    if (nowEnabled) {
      return wasEnabled ? module.onConfigUpdate(guildId, config) : module.onEnable(guildId, config);
    }
    return wasEnabled ? module.onDisable(guildId) : Future.succeededFuture();
  }

  private void report(BotModule module, Key key, long version, Future<Void> result) {
    String guildId = Long.toString(key.guildId());
    hooksInFlight++;
    result.onComplete(outcome -> {
      hooksInFlight--;
      ApplyStatus waiting = unreportedStatuses.get(key);
      if (waiting != null && waiting.version() > version) {
        return;
      }
      if (outcome.succeeded()) {
        unreportedStatuses.put(key, ApplyStatus.ok(guildId, module.id(), version));
      } else {
        moduleFailures++;
        String error = outcome.cause().getMessage();
        unreportedStatuses.put(key, ApplyStatus.failed(guildId, module.id(), version, error));
        LOG.warn("Module {} could not act on its config v{} for guild {}: {}", module.id(), version, guildId, error);
      }
    });
  }

  /**
   * True when every hook called so far has finished and its result was taken: only then may the
   * bot ack its revision, or the backend would count configs as live before their errors arrive.
   */
  public boolean allStatusesReported() {
    return hooksInFlight == 0 && unreportedStatuses.isEmpty();
  }

  /** Up to {@code max} apply results not acked yet, oldest first; they are then considered reported. */
  public List<ApplyStatus> takeUnreportedStatuses(int max) {
    List<ApplyStatus> taken = new ArrayList<>(Math.min(max, unreportedStatuses.size()));
    var entries = unreportedStatuses.values().iterator();
    while (entries.hasNext() && taken.size() < max) {
      taken.add(entries.next());
      entries.remove();
    }
    return taken;
  }

  /** The digest of the enabled (guild, module, version) set held. */
  public StateDigest.Result digest() {
    List<StateDigest.Entry> entries = new ArrayList<>();
    held.forEach((key, value) -> {
      if (value.enabled()) {
        entries.add(new StateDigest.Entry(key.guildId(), key.moduleId(), value.version()));
      }
    });
    return StateDigest.of(entries);
  }

  /** Hook calls that failed since start. */
  public long moduleFailures() {
    return moduleFailures;
  }
}
