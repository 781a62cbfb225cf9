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

  /** Hashed with a mix of the guild id: snowflakes' low bits can be alike for many guilds. */
  private record Key(long guildId, String moduleId) {
    @Override
    public int hashCode() {
      return Long.hashCode(guildId * 0x9E3779B97F4A7C15L) * 31 + moduleId.hashCode();
    }
  }

  /** {@code config} is what the module was given, as compact JSON; null when not enabled. */
  private record Held(long version, boolean enabled, CompactJson config) {}

  /** An apply result not acked yet: {@code error} null when the module could act. */
  private record PendingStatus(long version, String error) {}

  private final ShardSpec shards;
  private final Map<String, BotModule> modules = new LinkedHashMap<>();
  private final Map<Key, Held> held = new HashMap<>();
  private final Set<String> unknownModulesLogged = new HashSet<>();
  /**
   * Guilds of the shards the bot was removed from: their configs stay held (versions and digest
   * follow the backend) but the modules are not active there; hooks are not called for them.
   */
  private final Set<Long> absentGuilds = new HashSet<>();
  /** Apply results not yet acked, the newest per (guild, module). */
  private final Map<Key, PendingStatus> unreportedStatuses = new LinkedHashMap<>();
  /** Configs whose last status taken for the backend was a failure: their recovery must be reported too. */
  private final Set<Key> reportedFailing = new HashSet<>();
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

  /** The registered module {@code moduleId}, if this bot runs it. */
  public java.util.Optional<BotModule> module(String moduleId) {
    return java.util.Optional.ofNullable(modules.get(moduleId));
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
      return value == null ? Optional.empty() : Optional.of(new HeldConfigs.HeldConfig(guildId, moduleId,
          value.version(), value.enabled(), value.config() == null ? null : value.config().toJsonObject()));
    };
  }

  /**
   * Makes what is held for one module equal a bulk load: enables or updates every item, disables
   * every held config the load no longer has.
   */
  public void replaceAll(String moduleId, List<BackendClient.BulkItem> items) {
    Loading loading = startLoading(moduleId);
    items.forEach(loading::add);
    loading.finish();
  }

  /**
   * Starts a bulk load of one module, applied item by item as it arrives: {@link Loading#add}
   * enables or updates each item, {@link Loading#finish} then disables every held config the load
   * did not have. A load that fails midway is simply never finished and is done again from the
   * start: items already added hold versions of a consistent past state, and versions never go
   * back.
   */
  public Loading startLoading(String moduleId) {
    return new Loading(moduleId);
  }

  /** One bulk load of one module under way. */
  public final class Loading {
    private final String moduleId;
    private final BotModule module;
    /** The keys loaded, only when something of the module was held before: else nothing can be missing. */
    private final Set<Key> loaded;
    private int count;

    private Loading(String moduleId) {
      this.moduleId = moduleId;
      this.module = modules.get(moduleId);
      boolean heldBefore = held.keySet().stream().anyMatch(key -> key.moduleId().equals(moduleId));
      this.loaded = heldBefore ? new HashSet<>() : null;
    }

    public void add(BackendClient.BulkItem item) {
      Key key = new Key(GuildIds.parse(item.guildId()), moduleId);
      count++;
      if (loaded != null) {
        loaded.add(key);
      }
      Held previous = held.get(key);
      if (previous != null && previous.enabled() && previous.version() == item.version()) {
        return;
      }
      held.put(key, new Held(item.version(), true, CompactJson.of(item.config())));
      reportFailures(module, key, item.version(),
          hook(module, key, item.config(), previous != null && previous.enabled(), true));
    }

    /** Disables what the load did not have; returns how many configs it had. */
    public int finish() {
      if (loaded != null) {
        for (Map.Entry<Key, Held> entry : new ArrayList<>(held.entrySet())) {
          Key key = entry.getKey();
          if (key.moduleId().equals(moduleId) && entry.getValue().enabled() && !loaded.contains(key)) {
            held.put(key, new Held(entry.getValue().version(), false, null));
            report(module, key, entry.getValue().version(), hook(module, key, null, true, false));
          }
        }
      }
      LOG.info("Loaded module {}: {} enabled guild(s) in shards {}", moduleId, count, shards);
      return count;
    }
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
        reportFailures(module, key, entry.version(), hook(module, key, entry.config().toJsonObject(), false, true));
      }
    }
    LOG.info("Restored {} held config(s), {} enabled, in shards {}", held.size(), enabled, shards);
  }

  /** Everything held, for the snapshot file; the configs are shared (immutable), not copied. */
  public List<BotSnapshotFile.Entry> snapshotEntries() {
    List<BotSnapshotFile.Entry> entries = new ArrayList<>(held.size());
    held.forEach((key, value) -> entries.add(
        new BotSnapshotFile.Entry(key.guildId(), key.moduleId(), value.version(), value.enabled(), value.config())));
    return entries;
  }

  /** Applies one event, unless it is stale, of another shard, or of a module this bot lacks. */
  public Outcome apply(ModuleChangeEvent event) {
    return applyVersion(event.guildId(), event.moduleId(), event.version(), event.action().leavesEnabled(),
        event.config());
  }

  /**
   * Applies one config state of a guild fetched from the backend, like an event: only if its
   * version is newer than the one held, so a fetch racing live events never goes back.
   */
  public Outcome apply(BackendClient.GuildState state) {
    return applyVersion(state.guildId(), state.moduleId(), state.version(), state.enabled(), state.config());
  }

  private Outcome applyVersion(String guild, String moduleId, long version, boolean nowEnabled, JsonObject config) {
    long guildId = Long.parseLong(guild);
    if (!shards.contains(guildId)) {
      return Outcome.OTHER_SHARD;
    }
    BotModule module = modules.get(moduleId);
    if (module == null) {
      if (unknownModulesLogged.add(moduleId)) {
        LOG.warn("Ignoring events of module '{}': this bot does not run it", moduleId);
      }
      return Outcome.UNKNOWN_MODULE;
    }
    Key key = new Key(guildId, moduleId);
    Held previous = held.get(key);
    if (previous != null && version <= previous.version()) {
      return Outcome.STALE;
    }
    boolean wasEnabled = previous != null && previous.enabled();
    held.put(key, new Held(version, nowEnabled, nowEnabled ? CompactJson.of(config) : null));
    report(module, key, version, hook(module, key, config, wasEnabled, nowEnabled));
    return Outcome.APPLIED;
  }

  /**
   * The bot was removed from {@code guildId}: disables its held configs in the modules, but keeps
   * holding them (version, enabled, config), so that live events stay ordered by version and the
   * digest stays the shard's database state. Returns how many were disabled.
   */
  public int guildLeft(long guildId) {
    if (!shards.contains(guildId) || !absentGuilds.add(guildId)) {
      return 0;
    }
    int disabled = 0;
    for (Map.Entry<Key, Held> entry : held.entrySet()) {
      Key key = entry.getKey();
      BotModule module = modules.get(key.moduleId());
      if (key.guildId() == guildId && entry.getValue().enabled() && module != null) {
        disabled++;
        report(module, key, entry.getValue().version(), module.onDisable(Long.toString(guildId)));
      }
    }
    return disabled;
  }

  /**
   * The bot was added to {@code guildId}: if it had left it, enables again in the modules what is
   * held for it. Returns how many were enabled; newer states are applied afterwards with {@link
   * #apply(BackendClient.GuildState)}.
   */
  public int guildJoined(long guildId) {
    if (!absentGuilds.remove(guildId)) {
      return 0;
    }
    int enabled = 0;
    for (Map.Entry<Key, Held> entry : new ArrayList<>(held.entrySet())) {
      Key key = entry.getKey();
      BotModule module = modules.get(key.moduleId());
      if (key.guildId() == guildId && entry.getValue().enabled() && module != null) {
        enabled++;
        report(module, key, entry.getValue().version(),
            module.onEnable(Long.toString(guildId), entry.getValue().config().toJsonObject()));
      }
    }
    return enabled;
  }

  /** Whether the bot was removed from {@code guildId} (and not added back since). */
  public boolean isAbsent(long guildId) {
    return absentGuilds.contains(guildId);
  }

  /** The module hook for a change of what is held; none for a guild the bot is not in. */
  private Future<Void> hook(BotModule module, Key key, JsonObject config, boolean wasEnabled, boolean nowEnabled) {
    if (absentGuilds.contains(key.guildId())) {
      return Future.succeededFuture();
    }
    String guildId = Long.toString(key.guildId());
    if (nowEnabled) {
      return wasEnabled ? module.onConfigUpdate(guildId, config) : module.onEnable(guildId, config);
    }
    return wasEnabled ? module.onDisable(guildId) : Future.succeededFuture();
  }

  private void report(BotModule module, Key key, long version, Future<Void> result) {
    report(module, key, version, result, true);
  }

  /**
   * For configs loaded in bulk (a full load, a snapshot): only failures, and recoveries from a failure
   * the backend was told of. The backend counts a bot that acked a config's revision as holding it, so
   * a million "ok" statuses after a big load would only hold the bot's ack back while they trickle out.
   */
  private void reportFailures(BotModule module, Key key, long version, Future<Void> result) {
    report(module, key, version, result, false);
  }

  private void report(BotModule module, Key key, long version, Future<Void> result, boolean reportSuccess) {
    hooksInFlight++;
    result.onComplete(outcome -> {
      hooksInFlight--;
      PendingStatus waiting = unreportedStatuses.get(key);
      if (waiting != null && waiting.version() > version) {
        return;
      }
      if (outcome.succeeded()) {
        if (reportSuccess || reportedFailing.contains(key)) {
          unreportedStatuses.put(key, new PendingStatus(version, null));
        } else {
          unreportedStatuses.remove(key); // an older failure the backend has not seen is moot now
        }
      } else {
        moduleFailures++;
        String error = outcome.cause().getMessage() != null ? outcome.cause().getMessage()
            : outcome.cause().toString();
        unreportedStatuses.put(key, new PendingStatus(version, error));
        LOG.warn("Module {} could not act on its config v{} for guild {}: {}", module.id(), version, key.guildId(),
            error);
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
    var entries = unreportedStatuses.entrySet().iterator();
    while (entries.hasNext() && taken.size() < max) {
      Map.Entry<Key, PendingStatus> entry = entries.next();
      String guildId = Long.toString(entry.getKey().guildId());
      String moduleId = entry.getKey().moduleId();
      PendingStatus status = entry.getValue();
      if (status.error() == null) {
        taken.add(ApplyStatus.ok(guildId, moduleId, status.version()));
        reportedFailing.remove(entry.getKey());
      } else {
        taken.add(ApplyStatus.failed(guildId, moduleId, status.version(), status.error()));
        reportedFailing.add(entry.getKey());
      }
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
