package io.configsync.codecs;

/** Every event-bus address ConfigSync uses. Declared here and nowhere else. */
public final class Addresses {

  /**
   * Publish: every {@link ModuleChangeEvent}, in revision order, as {@link ModuleChanges}: usually the
   * events of one commit in one message.
   */
  public static final String MODULE_CHANGES = "configsync.module.changes";

  /**
   * Publish: a {@link RevisionHead}, the newest revision published, announced by the publisher every
   * second, so that a consumer that lost the LAST event notices it is behind.
   */
  public static final String REVISION_HEAD = "configsync.revision.head";

  /**
   * Send: a {@link BotAck} after a bot applied everything up to its revision, also as a heartbeat. A
   * bridge bot sends {@code {revision, statuses?}} as JSON; its gateway stamps botId, shards and
   * gateway, and forwards the record.
   */
  public static final String BOT_ACK = "configsync.bot.ack";

  /**
   * Request/reply: a {@link Replay.Request} as JSON, answered by a {@link Replay.Reply} as JSON (events,
   * or gone past retention). JSON both ways: bridge bots send requests through the SockJS bridge.
   */
  public static final String REPLAY = "configsync.replay";

  /**
   * Send: a {@link BotPresence}, from a gateway when a bridge bot connects or disconnects, and as a
   * heartbeat, so that the backend knows who is there even across a gateway restart.
   */
  public static final String BOT_PRESENCE = "configsync.bot.presence";

  /**
   * Request/reply: a {@link BotProposal}, {@code {botId, shards?, guildId, moduleId, baseVersion,
   * config | enabled, userId?, userName?}}; the reply is a {@link ProposalReply}'s JSON,
   * {@code {"ok":true,"changed":..,"state":..}} or, on a version conflict, {@code {"ok":false,
   * "code":"VERSION_CONFLICT","message":..,"current":..,"currentVersion":..}}; a refused proposal
   * fails with a {@link FailureCodes} code. The gateway stamps a bridge bot's botId and shards and
   * forwards the record (or, if the JSON is malformed, the JSON, for the backend to refuse with 400).
   */
  public static final String BOT_PROPOSAL = "configsync.bot.proposal";

  /**
   * Publish: an {@link AckRecorded}, once the backend stored a bot's ack, so that every backend's
   * dashboard can push the new apply status to its browsers.
   */
  public static final String ACK_RECORDED = "configsync.bot.ack.recorded";

  /** Prefix of the per-bot pre-flight addresses; see {@link #preflight(String)}. */
  public static final String PREFLIGHT_PREFIX = "configsync.bot.preflight.";

  private Addresses() {}

  /** Request/reply: a {@link PreflightRequest} to bot {@code botId}, answered by a {@link PreflightAnswer}. */
  public static String preflight(String botId) {
    return PREFLIGHT_PREFIX + botId;
  }

  /**
   * Publish: the {@link ShardStreamMessage}s (as JSON) of shard {@code shard} of {@code shardCount};
   * see {@link ShardAddress}.
   */
  public static String moduleChangeShard(int shardCount, int shard) {
    return new ShardAddress(shardCount, shard).address();
  }
}
