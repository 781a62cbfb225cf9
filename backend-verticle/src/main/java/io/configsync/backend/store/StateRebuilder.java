package io.configsync.backend.store;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.codecs.ModuleAction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Event sourcing made checkable: folds the event log into the state it implies and compares it with
 * {@code module_state}, or rewrites {@code module_state} from it.
 *
 * <p>The fold takes the events in revision order; per (guild, module) the last event gives the
 * state: enabled when its action leaves the module enabled, its config (null after a delete: the row
 * stays, not enabled), its version and revision, and its time as {@code updated_at}. Events carry
 * the full config, never a diff, so nothing else is needed. Along the way it checks the log itself:
 * no revision missing after the horizon, the counter at the last event, and each (guild, module) at
 * consecutive versions (from 1 unless compacted).
 *
 * <p>It needs the latest event of every (guild, module): the full log, or one compacted only of
 * superseded events below the horizon ({@code log_horizon}), which folds into the same state. A
 * compaction that dropped a latest event would show as differences. Blocking JDBC: run it outside an
 * event loop (the {@code rebuild-state} command, or {@code executeBlocking}).
 */
public final class StateRebuilder {

  private static final int FETCH_SIZE = 1_000;

  // JDBC statements (? parameters), hence here rather than with the reactive ones in SqlQueries.
  private static final String SELECT_LOG =
      "SELECT revision, guild_id, module_id, action, config::text, version, created_at FROM module_event"
          + " ORDER BY revision";
  private static final String SELECT_STATE_TABLE =
      "SELECT guild_id, module_id, enabled, config::text, version, revision, updated_at FROM module_state";
  private static final String SELECT_COUNTER = "SELECT value FROM revision_counter WHERE id";
  /** A database from before retention has no horizon: its log was never compacted. */
  private static final String HAS_HORIZON = "SELECT to_regclass('log_horizon') IS NOT NULL";
  private static final String SELECT_HORIZON = "SELECT revision FROM log_horizon WHERE id";
  private static final String LOCK_COUNTER = "SELECT value FROM revision_counter WHERE id FOR UPDATE";
  private static final String UPSERT_ROW =
      "INSERT INTO module_state (guild_id, module_id, enabled, config, version, revision, updated_at)"
          + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?)"
          + " ON CONFLICT (guild_id, module_id) DO UPDATE SET enabled = excluded.enabled, config = excluded.config,"
          + " version = excluded.version, revision = excluded.revision, updated_at = excluded.updated_at";
  private static final String DELETE_ROW = "DELETE FROM module_state WHERE guild_id = ? AND module_id = ?";

  /** The state of one (guild, module); {@code config} is jsonb's canonical text, or null once deleted. */
  public record StateRow(long guildId, String moduleId, boolean enabled, String config, long version,
                         long revision, Instant updatedAt) {
    @Override
    public String toString() {
      return (config == null ? "deleted" : enabled ? "enabled" : "disabled") + " v" + version + " at revision "
          + revision + " (" + updatedAt + ")" + (config == null ? "" : ", config " + abbreviate(config));
    }
  }

  /**
   * A (guild, module) whose row differs from the log's fold.
   *
   * @param fromLog what the log gives, or null if the log never mentions it
   * @param inTable the row of {@code module_state}, or null if it has none
   */
  public record Difference(long guildId, String moduleId, StateRow fromLog, StateRow inTable) {
    public String describe() {
      String where = "guild " + guildId + " module " + moduleId + ": ";
      if (inTable == null) {
        return where + "no row in module_state; the log gives " + fromLog;
      }
      if (fromLog == null) {
        return where + "a row the log never mentions: " + inTable;
      }
      return where + "module_state has " + inTable + "; the log gives " + fromLog;
    }
  }

  /**
   * @param events events folded
   * @param head the revision counter
   * @param horizon the revision up to which the log was compacted (0: never)
   * @param keys (guild, module) pairs in the log
   * @param differences rows of {@code module_state} that differ from the fold (after a repair: the
   *     rows it rewrote)
   * @param logProblems what is wrong with the log itself; a repair cannot fix these
   * @param repaired whether {@code module_state} was rewritten
   */
  public record Report(long events, long head, long horizon, int keys, List<Difference> differences,
                       List<String> logProblems, boolean repaired) {
    public Report {
      differences = List.copyOf(differences);
      logProblems = List.copyOf(logProblems);
    }

    /** The table equals the fold (or does now, after a repair) and the log is sound. */
    public boolean consistent() {
      return (differences.isEmpty() || repaired) && logProblems.isEmpty();
    }
  }

  /** Not a ConfigSync database, or not one this version knows. */
  public static final class NotRebuildable extends RuntimeException {
    NotRebuildable(String message) {
      super(message, null, false, false);
    }
  }

  private record Key(long guildId, String moduleId) {}

  private record Fold(Map<Key, StateRow> states, long events, long lastRevision, List<String> problems) {}

  private StateRebuilder() {}

  /**
   * Compares the fold with {@code module_state}, both read in one snapshot; changes nothing and
   * does not hold writers up.
   */
  public static Report verify(DatabaseUrl database) throws SQLException {
    try (Connection connection = connect(database)) {
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      try {
        return compare(connection, readCounter(connection, SELECT_COUNTER), false);
      } finally {
        connection.rollback();
      }
    }
  }

  /**
   * Rewrites every row of {@code module_state} that differs from the fold, in one transaction that
   * holds the revision counter, so that no write commits meanwhile (writers wait, then go on).
   */
  public static Report repair(DatabaseUrl database) throws SQLException {
    try (Connection connection = connect(database)) {
      try {
        Report report = compare(connection, readCounter(connection, LOCK_COUNTER), true);
        rewrite(connection, report.differences());
        connection.commit();
        return report;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static Connection connect(DatabaseUrl database) throws SQLException {
    Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    // Also what lets the driver fetch the log through a cursor, FETCH_SIZE rows at a time.
    connection.setAutoCommit(false);
    return connection;
  }

  private static long readCounter(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      if (!rows.next()) {
        throw new NotRebuildable("the revision counter is missing: is this a ConfigSync database?");
      }
      return rows.getLong(1);
    }
  }

  private static Report compare(Connection connection, long head, boolean repairing) throws SQLException {
    long horizon = readHorizon(connection);
    Fold fold = fold(connection, horizon);
    List<String> problems = new ArrayList<>(fold.problems());
    if (head != fold.lastRevision()) {
      problems.add("the revision counter is at " + head + " but the log ends at revision " + fold.lastRevision());
    }
    int keys = fold.states().size();
    List<Difference> differences = differences(connection, new HashMap<>(fold.states()));
    return new Report(fold.events(), head, horizon, keys, differences, problems, repairing);
  }

  private static long readHorizon(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet exists = statement.executeQuery(HAS_HORIZON)) {
        if (!exists.next() || !exists.getBoolean(1)) {
          return 0;
        }
      }
      try (ResultSet rows = statement.executeQuery(SELECT_HORIZON)) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  private static Fold fold(Connection connection, long horizon) throws SQLException {
    Map<Key, StateRow> states = new HashMap<>();
    List<String> problems = new ArrayList<>();
    long events = 0;
    long lastRevision = 0;
    try (Statement statement = connection.createStatement()) {
      statement.setFetchSize(FETCH_SIZE);
      try (ResultSet rows = statement.executeQuery(SELECT_LOG)) {
        while (rows.next()) {
          StateRow event = new StateRow(rows.getLong(2), rows.getString(3),
              ModuleAction.fromWireName(rows.getString(4)).leavesEnabled(), rows.getString(5), rows.getLong(6),
              rows.getLong(1), instant(rows, 7));
          events++;
          // Compaction leaves holes up to the horizon; after it, every revision is there.
          if (event.revision() - 1 > Math.max(lastRevision, horizon)) {
            problems.add("revisions " + (Math.max(lastRevision, horizon) + 1) + ".." + (event.revision() - 1)
                + " are missing from the log");
          }
          lastRevision = event.revision();
          Key key = new Key(event.guildId(), event.moduleId());
          StateRow previous = states.put(key, event);
          // Compaction removes a key's superseded versions, so its first remaining one may be any.
          boolean consecutive = previous == null ? horizon > 0 || event.version() == 1
              : event.version() == previous.version() + 1;
          long expectedVersion = previous == null ? 1 : previous.version() + 1;
          if (!consecutive) {
            problems.add("guild " + key.guildId() + " module " + key.moduleId() + ": version " + event.version()
                + " at revision " + event.revision() + " where version " + expectedVersion + " was due");
          }
        }
      }
    }
    return new Fold(states, events, lastRevision, problems);
  }

  /** Reads every row of the table; {@code expected} is consumed. */
  private static List<Difference> differences(Connection connection, Map<Key, StateRow> expected) throws SQLException {
    List<Difference> differences = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.setFetchSize(FETCH_SIZE);
      try (ResultSet rows = statement.executeQuery(SELECT_STATE_TABLE)) {
        while (rows.next()) {
          StateRow actual = new StateRow(rows.getLong(1), rows.getString(2), rows.getBoolean(3), rows.getString(4),
              rows.getLong(5), rows.getLong(6), instant(rows, 7));
          StateRow fromLog = expected.remove(new Key(actual.guildId(), actual.moduleId()));
          if (!Objects.equals(fromLog, actual)) {
            differences.add(new Difference(actual.guildId(), actual.moduleId(), fromLog, actual));
          }
        }
      }
    }
    expected.values().forEach(missing -> differences.add(
        new Difference(missing.guildId(), missing.moduleId(), missing, null)));
    differences.sort((a, b) -> a.guildId() != b.guildId() ? Long.compare(a.guildId(), b.guildId())
        : a.moduleId().compareTo(b.moduleId()));
    return differences;
  }

  private static void rewrite(Connection connection, List<Difference> differences) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT_ROW);
         PreparedStatement delete = connection.prepareStatement(DELETE_ROW)) {
      for (Difference difference : differences) {
        StateRow row = difference.fromLog();
        if (row == null) {
          delete.setLong(1, difference.guildId());
          delete.setString(2, difference.moduleId());
          delete.addBatch();
        } else {
          upsert.setLong(1, row.guildId());
          upsert.setString(2, row.moduleId());
          upsert.setBoolean(3, row.enabled());
          if (row.config() == null) {
            upsert.setNull(4, Types.VARCHAR);
          } else {
            upsert.setString(4, row.config());
          }
          upsert.setLong(5, row.version());
          upsert.setLong(6, row.revision());
          upsert.setObject(7, row.updatedAt().atOffset(ZoneOffset.UTC));
          upsert.addBatch();
        }
      }
      upsert.executeBatch();
      delete.executeBatch();
    }
  }

  private static Instant instant(ResultSet rows, int column) throws SQLException {
    return rows.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static String abbreviate(String config) {
    return config.length() <= 200 ? config : config.substring(0, 200) + "… (" + config.length() + " chars)";
  }
}
