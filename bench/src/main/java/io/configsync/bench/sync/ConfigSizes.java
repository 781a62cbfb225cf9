package io.configsync.bench.sync;

import io.configsync.backend.db.DatabaseUrl;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How many bytes the enabled configs take as compact JSON (UTF-8), the form a bot receives them in:
 * re-encoded by Vert.x, as PostgreSQL prints jsonb with a space after every ':' and ','.
 */
final class ConfigSizes {

  private static final String ENABLED_CONFIGS = "SELECT config::text FROM module_state WHERE enabled";

  private ConfigSizes() {}

  static long enabledConfigBytes(DatabaseUrl database) throws SQLException {
    try (Connection connection = BenchPostgres.connect(database)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.setFetchSize(10_000);
        long total = 0;
        try (ResultSet rows = statement.executeQuery(ENABLED_CONFIGS)) {
          while (rows.next()) {
            total += new JsonObject(rows.getString(1)).encode().getBytes(StandardCharsets.UTF_8).length;
          }
        }
        return total;
      }
    }
  }
}
