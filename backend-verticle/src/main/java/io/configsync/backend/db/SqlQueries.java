package io.configsync.backend.db;

/** Every SQL statement of the backend, with {@code $n} parameters. */
public final class SqlQueries {

  /** The notification channel that carries the newest committed revision. */
  public static final String EVENTS_CHANNEL = "configsync_events";

  /** Locks the counter until commit: one batch of writes at a time, across backends too. */
  public static final String LOCK_REVISION_COUNTER =
      "SELECT value FROM revision_counter WHERE id FOR UPDATE";

  /**
   * Moves the counter from $2 to $1, or fails (division by zero: plain SQL has no RAISE) when it is
   * not at $2, which aborts the transaction: the COMMIT sent right behind it then rolls back.
   */
  public static final String ADVANCE_REVISION_COUNTER_OR_FAIL =
      "WITH advanced AS (UPDATE revision_counter SET value = $1 WHERE id AND value = $2 RETURNING 1)"
          + " SELECT 1 / count(*) AS advanced FROM advanced";

  /** The group commit manages its transaction itself, to send BEGIN and COMMIT along with its statements. */
  public static final String BEGIN = "BEGIN";
  public static final String COMMIT = "COMMIT";
  public static final String ROLLBACK = "ROLLBACK";

  public static final String NOTIFY_REVISION = "SELECT pg_notify('" + EVENTS_CHANNEL + "', $1)";

  public static final String SELECT_STATES_BY_KEYS =
      "SELECT guild_id, module_id, enabled, config, version, revision, updated_at FROM module_state"
          + " WHERE (guild_id, module_id) IN (SELECT * FROM unnest($1::bigint[], $2::text[]))";

  /**
   * Writes a batch of states in one statement, one array per column ({@code Rows.stateColumns}):
   * one statement runs far cheaper than one per row. The keys must be distinct.
   */
  public static final String UPSERT_STATES =
      "INSERT INTO module_state (guild_id, module_id, enabled, config, version, revision, updated_at)"
          + " SELECT guild_id, module_id, enabled, config::jsonb, version, revision, updated_at"
          + " FROM unnest($1::bigint[], $2::text[], $3::boolean[], $4::text[], $5::bigint[], $6::bigint[],"
          + " $7::timestamptz[]) AS s (guild_id, module_id, enabled, config, version, revision, updated_at)"
          + " ON CONFLICT (guild_id, module_id) DO UPDATE SET enabled = excluded.enabled,"
          + " config = excluded.config, version = excluded.version, revision = excluded.revision,"
          + " updated_at = excluded.updated_at";

  /** Appends a batch of events in one statement, one array per column ({@code Rows.eventColumns}). */
  public static final String INSERT_EVENTS =
      "INSERT INTO module_event (revision, guild_id, module_id, action, config, version, origin, created_at, actor)"
          + " SELECT revision, guild_id, module_id, action, config::jsonb, version, origin, created_at, actor"
          + " FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[],"
          + " $8::timestamptz[], $9::text[])"
          + " AS e (revision, guild_id, module_id, action, config, version, origin, created_at, actor)";

  /** Every configured (guild, module), for {@code export}; JDBC, so {@code ?} parameters (none). */
  public static final String EXPORT_STATES =
      "SELECT guild_id, module_id, enabled, version, config::text AS config FROM module_state"
          + " WHERE config IS NOT NULL ORDER BY guild_id, module_id";

  public static final String SELECT_STATE =
      "SELECT guild_id, module_id, enabled, config, version, revision, updated_at FROM module_state"
          + " WHERE guild_id = $1 AND module_id = $2 AND config IS NOT NULL";

  public static final String SELECT_GUILD_STATES =
      "SELECT guild_id, module_id, enabled, config, version, revision, updated_at FROM module_state"
          + " WHERE guild_id = $1 AND config IS NOT NULL ORDER BY module_id";

  public static final String HAS_HISTORY =
      "SELECT EXISTS (SELECT 1 FROM config_history WHERE guild_id = $1 AND module_id = $2)";

  /**
   * The versions of a (guild, module) after {@code $3}, oldest first, from the audit trail (which
   * retention leaves alone).
   */
  public static final String SELECT_HISTORY =
      "SELECT version, revision, action, config, origin, actor, created_at FROM config_history"
          + " WHERE guild_id = $1 AND module_id = $2 AND version > $3 ORDER BY version";

  public static final String SELECT_VERSION =
      "SELECT version, action, config FROM config_history WHERE guild_id = $1 AND module_id = $2 AND version = $3";

  public static final String SELECT_HEAD_REVISION = "SELECT value FROM revision_counter WHERE id";

  /**
   * Retention: the revision up to which superseded events may go, i.e. the oldest of: events older
   * than $1 seconds, all but the last $2 events, and what the publisher has not published yet.
   */
  public static final String SELECT_COMPACTION_CUTOFF =
      "SELECT least("
          + " (SELECT coalesce(max(revision), 0) FROM module_event WHERE created_at < now() - make_interval(secs => $1)),"
          + " (SELECT value FROM revision_counter WHERE id) - $2,"
          + " (SELECT revision FROM publisher_position WHERE id)) AS cutoff";

  /** Deletes up to $2 events at or before $1 that a later event of the same key supersedes. */
  public static final String DELETE_SUPERSEDED_EVENTS =
      "WITH doomed AS (SELECT e.revision FROM module_event e WHERE e.revision <= $1 AND EXISTS ("
          + " SELECT 1 FROM module_event later WHERE later.guild_id = e.guild_id AND later.module_id = e.module_id"
          + " AND later.version > e.version) ORDER BY e.revision LIMIT $2),"
          + " deleted AS (DELETE FROM module_event WHERE revision IN (SELECT revision FROM doomed) RETURNING revision)"
          + " SELECT count(*) AS deleted, coalesce(max(revision), 0) AS last FROM deleted";

  public static final String ADVANCE_HORIZON =
      "UPDATE log_horizon SET revision = greatest(revision, $1) WHERE id";

  /** The publisher's lease: one backend publishes at a time (session-level, dies with its connection). */
  public static final String TRY_PUBLISHER_LEASE = "SELECT pg_try_advisory_lock(" + 0x436f6e66L + ") AS acquired";

  /**
   * Shard filter: {@code $2} shard count, {@code $3} the shards; a count of 1 selects all. The config
   * is its JSON text as bytes (bytea), to be copied into the response without decoding it.
   */
  public static final String STREAM_ENABLED_OF_MODULE =
      "SELECT guild_id, convert_to(config::text, 'UTF8') AS config, version FROM module_state"
          + " WHERE module_id = $1 AND enabled AND ((guild_id >> 22) % $2)::int = ANY($3::int[]) ORDER BY guild_id";

  /** Ordered exactly as the digest requires: guild numerically, then module id bytewise. */
  public static final String STREAM_ENABLED_KEYS =
      "SELECT guild_id, module_id, version FROM module_state WHERE enabled"
          + " AND ((guild_id >> 22) % $1)::int = ANY($2::int[]) ORDER BY guild_id, module_id COLLATE \"C\"";

  /**
   * One snapshot of the log: the head, the horizon, and up to $4 events after $1 up to the head, of
   * the shards $3 of $2. Always at least one row; its event columns are null when there is none.
   */
  public static final String SELECT_EVENTS_AFTER_IN_SHARDS = eventsAfterInShards("e.config");

  /**
   * As {@link #SELECT_EVENTS_AFTER_IN_SHARDS}, the config as the UTF-8 bytes of its JSON text (a
   * bytea): to be copied into a response as it is, without a string decoded and encoded again.
   */
  public static final String SELECT_EVENTS_AFTER_IN_SHARDS_CONFIG_AS_UTF8 =
      eventsAfterInShards("convert_to(e.config::text, 'UTF8') AS config");

  private static String eventsAfterInShards(String config) {
    return "SELECT b.head, b.horizon, e.revision, e.guild_id, e.module_id, e.action, " + config + ", e.version,"
        + " e.origin, e.created_at FROM (SELECT (SELECT value FROM revision_counter WHERE id) AS head,"
        + " (SELECT revision FROM log_horizon WHERE id) AS horizon) b"
        + " LEFT JOIN LATERAL (SELECT * FROM module_event WHERE revision > $1 AND revision <= b.head"
        + " AND ((guild_id >> 22) % $2)::int = ANY($3::int[]) ORDER BY revision LIMIT $4) e ON true"
        + " ORDER BY e.revision";
  }

  /** An ack: the bot is there and has applied up to $2 (never moving back). */
  public static final String RECORD_ACK =
      "INSERT INTO bot_presence (bot_id, shards, gateway, connected, applied_revision, first_seen, last_seen)"
          + " VALUES ($1, $3, $4, true, $2, now(), now())"
          + " ON CONFLICT (bot_id) DO UPDATE SET shards = excluded.shards, gateway = excluded.gateway,"
          + " connected = true, applied_revision = greatest(bot_presence.applied_revision, excluded.applied_revision),"
          + " last_seen = now()";

  /**
   * A gateway reports a bot connected or gone. A late "gone" from a gateway the bot already left
   * (it reconnected elsewhere) changes nothing.
   */
  public static final String RECORD_PRESENCE =
      "INSERT INTO bot_presence (bot_id, shards, gateway, connected, applied_revision, first_seen, last_seen)"
          + " VALUES ($1, $2, $3, $4, 0, now(), now())"
          + " ON CONFLICT (bot_id) DO UPDATE SET shards = excluded.shards, gateway = excluded.gateway,"
          + " connected = excluded.connected, last_seen = now()"
          + " WHERE excluded.connected OR bot_presence.gateway IS NOT DISTINCT FROM excluded.gateway";

  public static final String RECORD_APPLY_STATUS =
      "INSERT INTO apply_status (guild_id, module_id, bot_id, version, ok, error, updated_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, now())"
          + " ON CONFLICT (guild_id, module_id, bot_id) DO UPDATE SET version = excluded.version, ok = excluded.ok,"
          + " error = excluded.error, updated_at = excluded.updated_at WHERE apply_status.version <= excluded.version";

  /** Connected means it said so and was heard from within $1 seconds. */
  /** Forgets the bots not seen for $1 seconds, and what they reported; returns their ids. */
  public static final String PRUNE_BOTS =
      "WITH gone AS (DELETE FROM bot_presence WHERE last_seen < now() - make_interval(secs => $1) RETURNING bot_id),"
          + " statuses AS (DELETE FROM apply_status WHERE bot_id IN (SELECT bot_id FROM gone))"
          + " SELECT bot_id FROM gone ORDER BY bot_id";

  /** Forgets one bot and what it reported; returns its id if it was known. */
  public static final String DELETE_BOT =
      "WITH gone AS (DELETE FROM bot_presence WHERE bot_id = $1 RETURNING bot_id),"
          + " statuses AS (DELETE FROM apply_status WHERE bot_id = $1)"
          + " SELECT bot_id FROM gone";

  public static final String SELECT_BOTS =
      "SELECT bot_id, shards, gateway, connected AND last_seen > now() - make_interval(secs => $1) AS connected,"
          + " applied_revision, first_seen, last_seen FROM bot_presence ORDER BY bot_id";

  public static final String SELECT_APPLY_STATUS =
      "SELECT s.bot_id, s.version, s.ok, s.error, s.updated_at, p.shards,"
          + " coalesce(p.connected AND p.last_seen > now() - make_interval(secs => $3), false) AS connected"
          + " FROM apply_status s LEFT JOIN bot_presence p ON p.bot_id = s.bot_id"
          + " WHERE s.guild_id = $1 AND s.module_id = $2 ORDER BY s.bot_id";

  public static final String SET_SNAPSHOT_ISOLATION =
      "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  /** The saved publisher position, and the head of the log. */
  public static final String SELECT_PUBLISHER_POSITION =
      "SELECT revision, (SELECT value FROM revision_counter WHERE id) FROM publisher_position WHERE id";

  public static final String SAVE_PUBLISHER_POSITION =
      "UPDATE publisher_position SET revision = $1, updated_at = now() WHERE id AND revision < $1";

  public static final String PING = "SELECT 1";

  private SqlQueries() {}
}
