package io.configsync.bench.sync;

import io.configsync.backend.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Seeds a migrated database straight into the backend's tables with {@code generate_series}: going
 * through the HTTP API would take longer than the measurements themselves. The rows are what the
 * backend itself writes: guild {@code i} (1..guilds) has one config, {@code welcome} (a channel and a
 * ~110-character message) for two guilds in three and {@code automod} (an invite rule, four banned
 * words, an RE2 pattern) for the third, created at revision {@code i}; then {@code updates} events
 * follow, one per guild in turn, each a new version of its config (every 20th a disable that keeps
 * the config). The state is the fold of that log, the counter and the publisher's position are at
 * its head (so the backend has nothing left to publish when it starts), nothing is compacted.
 *
 * <p>Blocking (JDBC): run it before the backend starts on the database.
 */
final class GuildConfigFixture {

  /**
   * Guild {@code i}'s id, a snowflake as Discord makes them: creation time in ms since 2015 (a guild
   * every 150 s, from 2016 on) above 22 bits of worker, process and sequence number.
   */
  static final String GUILD_ID = "(((40000000000 + %1$s::bigint * 150001) << 22) + ((%1$s::bigint %% 3) << 17)"
      + " + ((%1$s::bigint %% 17) << 12) + %1$s::bigint %% 5)";

  private static final String WELCOME = "format('{\"channelId\":\"%%s\",\"message\":\"%%s\",\"dm\":false}',"
      + " " + GUILD_ID + " + 7,"
      + " 'Welcome {user.mention} to {server}! Read the rules in #rules and say hi in #general. You are member"
      + " {memberCount}. v' || %2$s)::jsonb";

  private static final String AUTOMOD = "format('{\"rules\":[{\"id\":\"no-invites\",\"type\":\"invite_links\","
      + "\"action\":\"delete\"},{\"id\":\"banned-words\",\"type\":\"banned_words\",\"words\":[\"spam\",\"scam\","
      + "\"free nitro\",\"%%s\"],\"action\":\"warn\"},{\"id\":\"shorteners\",\"type\":\"regex\","
      + "\"pattern\":\"(?i)\\\\b(bit\\\\.ly|tinyurl\\\\.com)/\\\\S+\",\"action\":\"timeout\",\"timeoutSeconds\":600}]}',"
      + " 'word' || %1$s || 'v' || %2$s)::jsonb";

  private static String module(String guild) {
    return "CASE WHEN " + guild + " % 3 = 0 THEN 'automod' ELSE 'welcome' END";
  }

  private static String config(String guild, String version) {
    return "CASE WHEN " + guild + " % 3 = 0 THEN " + AUTOMOD.formatted(guild, version)
        + " ELSE " + WELCOME.formatted(guild, version) + " END";
  }

  /** $1 guilds: the event that created each one's config, at revision i. */
  private static final String INSERT_CREATIONS =
      "INSERT INTO module_event (revision, guild_id, module_id, action, config, version, origin, created_at, actor)"
          + " SELECT i, " + GUILD_ID.formatted("i") + ", " + module("i") + ", 'enabled', " + config("i", "1")
          + ", 1, 'backend', now(), 'bench' FROM generate_series(1, ?) AS i";

  /**
   * $1 guilds, $2 updates: update j (1..$2) is at revision $1 + j, of guild ((j - 1) % $1) + 1,
   * version 1 + ceil(j / $1).
   */
  private static final String INSERT_UPDATES =
      "INSERT INTO module_event (revision, guild_id, module_id, action, config, version, origin, created_at, actor)"
          + " SELECT n + j, " + GUILD_ID.formatted("g") + ", " + module("g") + ","
          + " CASE WHEN j % 20 = 0 THEN 'disabled' ELSE 'config_updated' END, " + config("g", "v")
          + ", v, 'backend', now(), 'bench'"
          + " FROM (SELECT ?::bigint AS n) p, generate_series(1, ?) AS j,"
          + " LATERAL (SELECT ((j - 1) % n) + 1 AS g, 1 + (j + n - 1) / n AS v) k";

  /** The state is what folding the log gives: per (guild, module), its last event after $1. */
  private static final String FOLD_LOG_INTO_STATE =
      "INSERT INTO module_state (guild_id, module_id, enabled, config, version, revision, updated_at)"
          + " SELECT DISTINCT ON (guild_id, module_id) guild_id, module_id, action <> 'disabled', config, version,"
          + " revision, created_at FROM module_event WHERE revision > ? ORDER BY guild_id, module_id, revision DESC"
          + " ON CONFLICT (guild_id, module_id) DO UPDATE SET enabled = excluded.enabled, config = excluded.config,"
          + " version = excluded.version, revision = excluded.revision, updated_at = excluded.updated_at";

  private static final String HEAD_TO_LOG_END =
      "UPDATE revision_counter SET value = (SELECT coalesce(max(revision), 0) FROM module_event)";

  private static final String NOTHING_TO_PUBLISH =
      "UPDATE publisher_position SET revision = (SELECT value FROM revision_counter), updated_at = now()";

  private static final String SELECT_HEAD = "SELECT value FROM revision_counter";

  private static final String ENABLED_COUNT = "SELECT count(*) FROM module_state WHERE enabled";

  /** What was seeded. */
  record Seeded(long guilds, long head, long enabled) {}

  private GuildConfigFixture() {}

  /** Guilds 1..{@code guilds} with their configs, at revisions 1..{@code guilds}. */
  static Seeded seed(DatabaseUrl database, int guilds) throws SQLException {
    return write(database, guilds, 0, connection -> execute(connection, INSERT_CREATIONS, guilds));
  }

  /** {@code updates} more events after what {@link #seed} wrote for {@code guilds}. */
  static Seeded appendUpdates(DatabaseUrl database, int guilds, int updates) throws SQLException {
    return write(database, guilds, guilds,
        connection -> execute(connection, INSERT_UPDATES, guilds, updates));
  }

  private interface Work {
    void run(Connection connection) throws SQLException;
  }

  private static Seeded write(DatabaseUrl database, int guilds, long foldAfter, Work events) throws SQLException {
    try (Connection connection = BenchPostgres.connect(database)) {
      connection.setAutoCommit(false);
      events.run(connection);
      execute(connection, FOLD_LOG_INTO_STATE, foldAfter);
      execute(connection, HEAD_TO_LOG_END);
      execute(connection, NOTHING_TO_PUBLISH);
      connection.commit();
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("VACUUM ANALYZE module_state");
        statement.execute("VACUUM ANALYZE module_event");
      }
      return new Seeded(guilds, count(connection, SELECT_HEAD), count(connection, ENABLED_COUNT));
    }
  }

  private static void execute(Connection connection, String sql, long... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
      }
      statement.execute();
    }
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
