package io.configsync.bench.sync;

import io.configsync.backend.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** How many bytes the enabled configs take as compact JSON (UTF-8), the form a bot receives them in. */
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
            total += compactUtf8Length(rows.getString(1));
          }
        }
        return total;
      }
    }
  }

  /** PostgreSQL prints jsonb with a space after every ':' and ','; the compact form has none. */
  static int compactUtf8Length(String json) {
    int length = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (Character.isWhitespace(c)) {
        continue;
      }
      length += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return length;
  }
}
