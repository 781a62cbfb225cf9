package io.configsync.codecs;

/** Every event-bus address ConfigSync uses. Declared here and nowhere else. */
public final class Addresses {

  /** Publish: every {@link ModuleChangeEvent}, in revision order. */
  public static final String MODULE_CHANGE = "configsync.module.change";

  /** Prefix of the per-shard change addresses; see {@link #moduleChangeShard(int, int)}. */
  public static final String MODULE_CHANGE_SHARD_PREFIX = "configsync.module.change.shard.";

  /** Send: {@code {botId, revision}} after a bot applied everything up to {@code revision}. */
  public static final String BOT_ACK = "configsync.bot.ack";

  /** Request/reply: {@code {after, limit, shards?}} to events, or {@code {"gone":true}}. */
  public static final String REPLAY = "configsync.replay";

  /** Request/reply: a bot proposes a config change. */
  public static final String BOT_PROPOSAL = "configsync.bot.proposal";

  private Addresses() {}

  /** Publish: the events of shard {@code shard} of {@code shardCount}. */
  public static String moduleChangeShard(int shardCount, int shard) {
    return MODULE_CHANGE_SHARD_PREFIX + shardCount + "." + shard;
  }
}
