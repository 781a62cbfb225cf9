package io.configsync.backend.store;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Mapping between table rows and records. */
final class Rows {

  private Rows() {}

  static ModuleState state(Row row) {
    return new ModuleState(
        row.getLong("guild_id"),
        row.getString("module_id"),
        row.getBoolean("enabled"),
        row.getJsonObject("config"),
        row.getLong("version"),
        row.getLong("revision"),
        row.getOffsetDateTime("updated_at").toInstant());
  }

  static ModuleChangeEvent event(Row row) {
    return new ModuleChangeEvent(
        row.getLong("revision"),
        Long.toString(row.getLong("guild_id")),
        row.getString("module_id"),
        ModuleAction.fromWireName(row.getString("action")),
        row.getJsonObject("config"),
        row.getLong("version"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getString("origin"));
  }

  /**
   * The parameters of {@code SqlQueries.UPSERT_STATES}: one array per column, configs as JSON text
   * ({@code texts} encodes each config once for the states and the events of a batch).
   */
  static Tuple stateColumns(List<ModuleState> states, ConfigTexts texts) {
    int size = states.size();
    Long[] guildIds = new Long[size];
    String[] moduleIds = new String[size];
    Boolean[] enabled = new Boolean[size];
    String[] configs = new String[size];
    Long[] versions = new Long[size];
    Long[] revisions = new Long[size];
    OffsetDateTime[] updatedAt = new OffsetDateTime[size];
    for (int i = 0; i < size; i++) {
      ModuleState state = states.get(i);
      guildIds[i] = state.guildId();
      moduleIds[i] = state.moduleId();
      enabled[i] = state.enabled();
      configs[i] = texts.of(state.config());
      versions[i] = state.version();
      revisions[i] = state.revision();
      updatedAt[i] = utc(state.updatedAt());
    }
    return Tuple.tuple(List.of(guildIds, moduleIds, enabled, configs, versions, revisions, updatedAt));
  }

  /** The parameters of {@code SqlQueries.INSERT_EVENTS}; {@code actors.get(i)} made {@code events.get(i)}. */
  static Tuple eventColumns(List<ModuleChangeEvent> events, List<String> actors, ConfigTexts texts) {
    int size = events.size();
    Long[] revisions = new Long[size];
    Long[] guildIds = new Long[size];
    String[] moduleIds = new String[size];
    String[] actions = new String[size];
    String[] configs = new String[size];
    Long[] versions = new Long[size];
    String[] origins = new String[size];
    OffsetDateTime[] createdAt = new OffsetDateTime[size];
    for (int i = 0; i < size; i++) {
      ModuleChangeEvent event = events.get(i);
      revisions[i] = event.revision();
      guildIds[i] = Long.parseLong(event.guildId());
      moduleIds[i] = event.moduleId();
      actions[i] = event.action().wireName();
      configs[i] = texts.of(event.config());
      versions[i] = event.version();
      origins[i] = event.origin();
      createdAt[i] = utc(event.timestamp());
    }
    return Tuple.tuple(List.of(revisions, guildIds, moduleIds, actions, configs, versions, origins, createdAt,
        actors.toArray(String[]::new)));
  }

  /** Each config's JSON text, encoded once: a changed state and its event share the config object. */
  static final class ConfigTexts {
    private final Map<JsonObject, String> texts = new IdentityHashMap<>();

    String of(JsonObject config) {
      return config == null ? null : texts.computeIfAbsent(config, JsonObject::encode);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
