package io.configsync.backend.transfer;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.db.SqlQueries;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes every configured (guild, module) as NDJSON, in (guild, module) order. Blocking. */
public final class StateExport {

  /** Rows fetched per round trip: the export streams, whatever the number of states. */
  private static final int FETCH_SIZE = 1_000;

  private StateExport() {}

  /** Returns the number of lines written; one consistent snapshot (one transaction). */
  public static long write(DatabaseUrl database, Writer out) throws SQLException, IOException {
    long lines = 0;
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password())) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      try (Statement statement = connection.createStatement()) {
        statement.setFetchSize(FETCH_SIZE);
        try (ResultSet rows = statement.executeQuery(SqlQueries.EXPORT_STATES)) {
          while (rows.next()) {
            StateLine line = new StateLine(Long.toString(rows.getLong("guild_id")), rows.getString("module_id"),
                rows.getBoolean("enabled"), rows.getLong("version"), new JsonObject(rows.getString("config")));
            out.write(line.toJson().encode());
            out.write('\n');
            lines++;
          }
        }
      }
      connection.commit();
    }
    out.flush();
    return lines;
  }
}
