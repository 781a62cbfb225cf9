package io.configsync.backend.db;

/** Every SQL statement of the backend, with {@code $n} parameters. */
public final class SqlQueries {

  /** The notification channel that carries the newest committed revision. */
  public static final String EVENTS_CHANNEL = "configsync_events";

  /** Locks the counter until commit: one batch of writes at a time, across backends too. */
  public static final String LOCK_REVISION_COUNTER =
      "SELECT value FROM revision_counter WHERE id FOR UPDATE";

  public static final String ADVANCE_REVISION_COUNTER =
      "UPDATE revision_counter SET value = $1 WHERE id AND value = $2";

  public static final String NOTIFY_REVISION = "SELECT pg_notify('" + EVENTS_CHANNEL + "', $1)";

  public static final String SELECT_STATES_BY_KEYS =
      "SELECT guild_id, module_id, enabled, config, version, revision, updated_at FROM module_state"
          + " WHERE (guild_id, module_id) IN (SELECT * FROM unnest($1::bigint[], $2::text[]))";

  public static final String UPSERT_STATE =
      "INSERT INTO module_state (guild_id, module_id, enabled, config, version, revision, updated_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7)"
          + " ON CONFLICT (guild_id, module_id) DO UPDATE SET enabled = excluded.enabled,"
          + " config = excluded.config, version = excluded.version, revision = excluded.revision,"
          + " updated_at = excluded.updated_at";

  public static final String INSERT_EVENT =
      "INSERT INTO module_event (revision, guild_id, module_id, action, config, version, origin, created_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  public static final String SELECT_STATE =
      "SELECT guild_id, module_id, enabled, config, version, revision, updated_at FROM module_state"
          + " WHERE guild_id = $1 AND module_id = $2 AND config IS NOT NULL";

  public static final String SELECT_GUILD_STATES =
      "SELECT guild_id, module_id, enabled, config, version, revision, updated_at FROM module_state"
          + " WHERE guild_id = $1 AND config IS NOT NULL ORDER BY module_id";

  public static final String SELECT_HEAD_REVISION = "SELECT value FROM revision_counter WHERE id";

  /** The head and the oldest revision still in the log (null when the log is empty). */
  public static final String SELECT_LOG_BOUNDS =
      "SELECT (SELECT value FROM revision_counter WHERE id) AS head,"
          + " (SELECT min(revision) FROM module_event) AS oldest";

  /** Shard filter: {@code $2} shard count, {@code $3} the shards; a count of 1 selects all. */
  public static final String STREAM_ENABLED_OF_MODULE =
      "SELECT guild_id, config::text, version FROM module_state WHERE module_id = $1 AND enabled"
          + " AND ((guild_id >> 22) % $2)::int = ANY($3::int[]) ORDER BY guild_id";

  /** Ordered exactly as the digest requires: guild numerically, then module id bytewise. */
  public static final String STREAM_ENABLED_KEYS =
      "SELECT guild_id, module_id, version FROM module_state WHERE enabled"
          + " AND ((guild_id >> 22) % $1)::int = ANY($2::int[]) ORDER BY guild_id, module_id COLLATE \"C\"";

  /** Replay: events after $1 up to the head $2, of the shards $4 of $3, at most $5. */
  public static final String SELECT_EVENTS_AFTER_IN_SHARDS =
      "SELECT revision, guild_id, module_id, action, config, version, origin, created_at FROM module_event"
          + " WHERE revision > $1 AND revision <= $2 AND ((guild_id >> 22) % $3)::int = ANY($4::int[])"
          + " ORDER BY revision LIMIT $5";

  /** An ack: the bot is there and has applied up to $2 (never moving back). */
  public static final String RECORD_ACK =
      "INSERT INTO bot_presence (bot_id, shards, gateway, connected, applied_revision, first_seen, last_seen)"
          + " VALUES ($1, $3, $4, true, $2, now(), now())"
          + " ON CONFLICT (bot_id) DO UPDATE SET shards = excluded.shards, gateway = excluded.gateway,"
          + " connected = true, applied_revision = greatest(bot_presence.applied_revision, excluded.applied_revision),"
          + " last_seen = now()";

  public static final String RECORD_PRESENCE =
      "INSERT INTO bot_presence (bot_id, shards, gateway, connected, applied_revision, first_seen, last_seen)"
          + " VALUES ($1, $2, $3, $4, 0, now(), now())"
          + " ON CONFLICT (bot_id) DO UPDATE SET shards = excluded.shards, gateway = excluded.gateway,"
          + " connected = excluded.connected, last_seen = now()";

  public static final String RECORD_APPLY_STATUS =
      "INSERT INTO apply_status (guild_id, module_id, bot_id, version, ok, error, updated_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, now())"
          + " ON CONFLICT (guild_id, module_id, bot_id) DO UPDATE SET version = excluded.version, ok = excluded.ok,"
          + " error = excluded.error, updated_at = excluded.updated_at WHERE apply_status.version <= excluded.version";

  /** Connected means it said so and was heard from within $1 seconds. */
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

  public static final String SELECT_PUBLISHER_POSITION = "SELECT revision FROM publisher_position WHERE id";

  public static final String SAVE_PUBLISHER_POSITION =
      "UPDATE publisher_position SET revision = $1, updated_at = now() WHERE id AND revision < $1";

  public static final String PING = "SELECT 1";

  private SqlQueries() {}
}
