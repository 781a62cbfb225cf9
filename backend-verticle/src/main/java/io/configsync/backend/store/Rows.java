package io.configsync.backend.store;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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

  static Tuple stateParameters(ModuleState state) {
    return Tuple.of(state.guildId(), state.moduleId(), state.enabled(), state.config(), state.version(),
        state.revision(), utc(state.updatedAt()));
  }

  static Tuple eventParameters(ModuleChangeEvent event, String actor) {
    return Tuple.of(event.revision(), Long.parseLong(event.guildId()), event.moduleId(), event.action().wireName(),
        event.config(), event.version(), event.origin(), utc(event.timestamp()), actor);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
