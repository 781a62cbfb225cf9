package io.configsync.bot.sync;

import io.configsync.bot.BotModule;
import io.configsync.bot.sync.ApplyStatusLedger.Report;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.configsync.codecs.StateDigest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads configs into the bot's modules, one step for every way a config arrives (a live event, a
 * bulk load, a snapshot file, a guild joined or left): hold it in the {@link HeldConfigStore}, call
 * the module's hook through the {@link ModuleHooks}, and record how the hook ended in the {@link
 * ApplyStatusLedger}. It keeps no state of its own but the unknown modules already logged.
 *
 * <p>Confined to the bot verticle's context.
 */
public final class ModuleLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModuleLoader.class);

  /** What applying one event did. */
  public enum Outcome { APPLIED, STALE, OTHER_SHARD, UNKNOWN_MODULE }

  private final ShardSpec shards;
  private final HeldConfigStore store = new HeldConfigStore();
  private final ModuleHooks hooks = new ModuleHooks();
  private final ApplyStatusLedger statuses = new ApplyStatusLedger(hooks::idle);
  private final Set<String> unknownModulesLogged = new HashSet<>();

  public ModuleLoader(ShardSpec shards) {
    this.shards = shards;
  }

  public ModuleLoader register(BotModule module) {
    hooks.register(module);
    return this;
  }

  /** The registered module {@code moduleId}, if this bot runs it. */
  public Optional<BotModule> module(String moduleId) {
    return hooks.module(moduleId);
  }

  public List<String> moduleIds() {
    return hooks.moduleIds();
  }

  /** A read-only view of what is held, for this verticle's context; see {@link HeldConfigs}. */
  public HeldConfigs heldConfigs() {
    return store.view();
  }

  /** How the modules took their configs, and what to ack. */
  public ApplyStatusLedger statuses() {
    return statuses;
  }

  /** Applies one event, unless it is stale, of another shard, or of a module this bot lacks. */
  public Outcome apply(ModuleChangeEvent event) {
    return apply(event, null);
  }

  /** As above; {@code text} is the event's config as compact JSON if the caller read it so, else null. */
  public Outcome apply(ModuleChangeEvent event, CompactJson text) {
    return applyVersion(event.guildId(), event.moduleId(), event.version(), event.action().leavesEnabled(),
        event.config(), text);
  }

  /**
   * Applies one config state of a guild fetched from the backend, like an event: only if its
   * version is newer than the one held, so a fetch racing live events never goes back.
   */
  public Outcome apply(BackendClient.GuildState state) {
    return applyVersion(state.guildId(), state.moduleId(), state.version(), state.enabled(), state.config(), null);
  }

  private Outcome applyVersion(String guild, String moduleId, long version, boolean nowEnabled, JsonObject config,
                               CompactJson text) {
    long guildId = Long.parseLong(guild);
    if (!shards.contains(guildId)) {
      return Outcome.OTHER_SHARD;
    }
    if (hooks.module(moduleId).isEmpty()) {
      if (unknownModulesLogged.add(moduleId)) {
        LOG.warn("Ignoring events of module '{}': this bot does not run it", moduleId);
      }
      return Outcome.UNKNOWN_MODULE;
    }
    Optional<HeldConfigStore.Change> change = store.holdNewer(new ConfigKey(guildId, moduleId), version, nowEnabled,
        config, text);
    change.ifPresent(made -> pass(made, Report.EVERY_RESULT));
    return change.isPresent() ? Outcome.APPLIED : Outcome.STALE;
  }

  /**
   * Starts a bulk load of one module, applied item by item as it arrives: {@link Loading#add}
   * enables or updates each item, {@link Loading#finish} then disables every held config the load
   * did not have. A load that fails midway is simply never finished and is done again from the
   * start: items already added hold versions of a consistent past state, and versions never go
   * back.
   */
  public Loading startLoading(String moduleId) {
    return new Loading(moduleId, store.startLoad(moduleId));
  }

  /** One bulk load of one module under way. */
  public final class Loading {
    private final String moduleId;
    private final HeldConfigStore.Load load;

    private Loading(String moduleId, HeldConfigStore.Load load) {
      this.moduleId = moduleId;
      this.load = load;
    }

    public void add(BackendClient.BulkItem item) {
      load.add(item).ifPresent(change -> pass(change, Report.FAILURES_AND_RECOVERIES));
    }

    /** Disables what the load did not have; returns how many configs it had. */
    public int finish() {
      load.finish().forEach(change -> pass(change, Report.EVERY_RESULT));
      LOG.info("Loaded module {}: {} enabled guild(s) in shards {}", moduleId, load.count(), shards);
      return load.count();
    }
  }

  /**
   * Takes back what a snapshot file held, as this bot held it before a restart: enables every
   * enabled entry (skipping modules this bot no longer runs and guilds of other shards).
   */
  public void restore(List<BotSnapshotFile.Entry> entries) {
    int enabled = 0;
    for (BotSnapshotFile.Entry entry : entries) {
      if (hooks.module(entry.moduleId()).isPresent() && shards.contains(entry.guildId())) {
        HeldConfigStore.Change change = store.restore(entry);
        if (change.nowEnabled()) {
          enabled++;
          pass(change, Report.FAILURES_AND_RECOVERIES);
        }
      }
    }
    LOG.info("Restored {} held config(s), {} enabled, in shards {}", store.size(), enabled, shards);
  }

  /** Everything held, for the snapshot file; the configs are shared (immutable), not copied. */
  public List<BotSnapshotFile.Entry> snapshotEntries() {
    return store.snapshotEntries();
  }

  /**
   * The bot was removed from {@code guildId}: disables its held configs in the modules, but keeps
   * holding them (version, enabled, config), so that live events stay ordered by version and the
   * digest stays the shard's database state. Returns how many were disabled.
   */
  public int guildLeft(long guildId) {
    if (!shards.contains(guildId) || hooks.isAbsentFrom(guildId)) {
      return 0;
    }
    List<HeldConfigStore.Change> disables = store.enabledIn(guildId).stream()
        .map(HeldConfigStore.Change::disabled).toList();
    disables.forEach(change -> pass(change, Report.EVERY_RESULT));
    hooks.markAbsent(guildId); // after the disables: the last hooks called there until the bot joins again
    return disables.size();
  }

  /**
   * The bot was added to {@code guildId}: if it had left it, enables again in the modules what is
   * held for it. Returns how many were enabled; newer states are applied afterwards with {@link
   * #apply(BackendClient.GuildState)}.
   */
  public int guildJoined(long guildId) {
    if (!hooks.markPresent(guildId)) {
      return 0;
    }
    List<HeldConfigStore.Change> enables = store.enabledIn(guildId);
    enables.forEach(change -> pass(change, Report.EVERY_RESULT));
    return enables.size();
  }

  /** The digest of the enabled (guild, module, version) set held. */
  public StateDigest.Result digest() {
    return store.digest();
  }

  /** Hook calls that failed since start. */
  public long moduleFailures() {
    return hooks.failures();
  }

  private void pass(HeldConfigStore.Change change, Report report) {
    Future<Void> result = hooks.dispatch(change);
    statuses.record(change.key(), change.version(), result, report);
  }
}
