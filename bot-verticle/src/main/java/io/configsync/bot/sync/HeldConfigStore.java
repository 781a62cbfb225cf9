package io.configsync.bot.sync;

import io.configsync.codecs.GuildIds;
import io.configsync.codecs.StateDigest;
import io.vertx.core.json.JsonObject;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What this bot holds for each (guild, module) of its shards: the version applied, whether it is
 * enabled, and the config it was enabled with, kept as compact JSON for the snapshot file and the
 * slash commands. Every method that changes what is held returns the {@link Change} it made, for
 * the caller to pass on to the modules; the store itself calls nothing.
 *
 * <p>Confined to the bot verticle's context.
 */
final class HeldConfigStore {

  /** {@code config} is what the module was given, as compact JSON; null when not enabled. */
  record Held(long version, boolean enabled, CompactJson config) {}

  /**
   * One change of what is held, as the modules see it.
   *
   * @param config the config the module now acts on, null unless {@code nowEnabled}
   * @param held {@code config} as it is held, null unless {@code nowEnabled}
   */
  record Change(ConfigKey key, long version, boolean wasEnabled, boolean nowEnabled, JsonObject config,
                CompactJson held) {

    /** A change of {@code config} held as its compact JSON. */
    Change(ConfigKey key, long version, boolean wasEnabled, boolean nowEnabled, JsonObject config) {
      this(key, version, wasEnabled, nowEnabled, config, config == null ? null : CompactJson.of(config));
    }

    /** The change that disables what this one left. */
    Change disabled() {
      return new Change(key, version, nowEnabled, false, null, null);
    }
  }

  /**
   * By module, then by the guild's id: a million configs without an entry object and a key object
   * each, which a bulk load would otherwise allocate and the collector copy.
   */
  private final Map<String, LongObjectHashMap<Held>> heldByModule = new HashMap<>();

  Optional<Held> get(ConfigKey key) {
    return Optional.ofNullable(held(key));
  }

  int size() {
    return heldByModule.values().stream().mapToInt(LongObjectHashMap::size).sum();
  }

  private Held held(ConfigKey key) {
    LongObjectHashMap<Held> ofModule = heldByModule.get(key.moduleId());
    return ofModule == null ? null : ofModule.get(key.guildId());
  }

  /** Holds {@code value} for {@code key}; what was held before, or null. */
  private Held put(ConfigKey key, Held value) {
    return ofModule(key.moduleId()).put(key.guildId(), value);
  }

  private LongObjectHashMap<Held> ofModule(String moduleId) {
    return heldByModule.computeIfAbsent(moduleId, id -> new LongObjectHashMap<>());
  }

  /** Calls {@code action} with each (key, held) pair. */
  private void forEachHeld(BiConsumer<ConfigKey, Held> action) {
    heldByModule.forEach((moduleId, ofModule) -> {
      for (LongObjectMap.PrimitiveEntry<Held> entry : ofModule.entries()) {
        action.accept(new ConfigKey(entry.key(), moduleId), entry.value());
      }
    });
  }

  /**
   * Holds a state of {@code key} only if {@code version} is newer than the one held, so that a late
   * or repeated state never goes back. Empty when it is not newer.
   */
  Optional<Change> holdNewer(ConfigKey key, long version, boolean enabled, JsonObject config) {
    return holdNewer(key, version, enabled, config, null);
  }

  /** As above; {@code text} is {@code config} as compact JSON when the caller has it, else null. */
  Optional<Change> holdNewer(ConfigKey key, long version, boolean enabled, JsonObject config, CompactJson text) {
    Held previous = held(key);
    if (previous != null && version <= previous.version()) {
      return Optional.empty();
    }
    return Optional.of(enabled ? hold(key, previous, version, text != null ? text : CompactJson.of(config), config)
        : hold(key, previous, version, null, null));
  }

  /** Holds an entry of a snapshot file as it was held when the file was written. */
  Change restore(BotSnapshotFile.Entry entry) {
    ConfigKey key = new ConfigKey(entry.guildId(), entry.moduleId());
    CompactJson config = entry.enabled() ? entry.config() : null;
    put(key, new Held(entry.version(), entry.enabled(), config));
    return new Change(key, entry.version(), false, entry.enabled(), config == null ? null : config.toJsonObject(),
        config);
  }

  /** The enabled configs held for {@code guildId}, as changes that enable them (as if from nothing). */
  List<Change> enabledIn(long guildId) {
    List<Change> enabled = new ArrayList<>();
    heldByModule.forEach((moduleId, ofModule) -> {
      Held value = ofModule.get(guildId);
      if (value != null && value.enabled()) {
        enabled.add(new Change(new ConfigKey(guildId, moduleId), value.version(), false, true,
            value.config().toJsonObject(), value.config()));
      }
    });
    return enabled;
  }

  /**
   * Starts a bulk load of one module, held item by item as it arrives; {@link Load#finish} then
   * disables every held config the load did not have.
   */
  Load startLoad(String moduleId) {
    return new Load(moduleId);
  }

  /** One bulk load of one module under way. */
  final class Load {
    private final String moduleId;
    private final LongObjectHashMap<Held> held;
    /** The guilds loaded, only when something of the module was held before: else nothing can be missing. */
    private final Set<Long> loaded;
    private int count;

    private Load(String moduleId) {
      this.moduleId = moduleId;
      this.held = ofModule(moduleId);
      this.loaded = held.isEmpty() ? null : new HashSet<>();
    }

    /** Holds one item, enabled; empty when that very version is held enabled already. */
    Optional<Change> add(BackendClient.BulkItem item) {
      long guildId = GuildIds.parse(item.guildId());
      count++;
      if (loaded != null) {
        loaded.add(guildId);
      }
      // One lookup, not a get then a put: the same version held enabled is the same config held again.
      Held previous = held.put(guildId, new Held(item.version(), true, item.config()));
      if (previous != null && previous.enabled() && previous.version() == item.version()) {
        return Optional.empty();
      }
      return Optional.of(new Change(new ConfigKey(guildId, moduleId), item.version(), previous != null && previous.enabled(), true,
          item.config().toJsonObject(), item.config()));
    }

    /** Disables what the load did not have; the changes that made. */
    List<Change> finish() {
      List<Change> disabled = new ArrayList<>();
      if (loaded != null) {
        List<ConfigKey> missing = new ArrayList<>();
        for (LongObjectMap.PrimitiveEntry<Held> entry : held.entries()) {
          if (entry.value().enabled() && !loaded.contains(entry.key())) {
            missing.add(new ConfigKey(entry.key(), moduleId));
          }
        }
        missing.forEach(key -> {
          Held previous = held.get(key.guildId());
          disabled.add(hold(key, previous, previous.version(), null, null));
        });
      }
      return disabled;
    }

    /** How many items the load had so far. */
    int count() {
      return count;
    }
  }

  /** Holds {@code json} (its parsed form {@code config}) enabled, or nothing disabled when both are null. */
  private Change hold(ConfigKey key, Held previous, long version, CompactJson json, JsonObject config) {
    boolean enabled = json != null;
    put(key, new Held(version, enabled, json));
    return new Change(key, version, previous != null && previous.enabled(), enabled, config, json);
  }

  /** A read-only view, for this verticle's context; see {@link HeldConfigs}. */
  HeldConfigs view() {
    return (guildId, moduleId) -> {
      if (!GuildIds.isValid(guildId)) {
        return Optional.empty();
      }
      Held value = held(new ConfigKey(Long.parseLong(guildId), moduleId));
      return value == null ? Optional.empty() : Optional.of(new HeldConfigs.HeldConfig(guildId, moduleId,
          value.version(), value.enabled(), value.config() == null ? null : value.config().toJsonObject()));
    };
  }

  /** Everything held, for the snapshot file; the configs are shared (immutable), not copied. */
  List<BotSnapshotFile.Entry> snapshotEntries() {
    List<BotSnapshotFile.Entry> entries = new ArrayList<>(size());
    forEachHeld((key, value) -> entries.add(
        new BotSnapshotFile.Entry(key.guildId(), key.moduleId(), value.version(), value.enabled(), value.config())));
    return entries;
  }

  /** The digest of the enabled (guild, module, version) set held. */
  StateDigest.Result digest() {
    List<StateDigest.Entry> entries = new ArrayList<>();
    forEachHeld((key, value) -> {
      if (value.enabled()) {
        entries.add(new StateDigest.Entry(key.guildId(), key.moduleId(), value.version()));
      }
    });
    return StateDigest.of(entries);
  }
}
