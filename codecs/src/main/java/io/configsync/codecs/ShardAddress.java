package io.configsync.codecs;

import java.util.Optional;

/**
 * The address of one shard's change stream, {@code configsync.module.change.shard.<count>.<shard>}:
 * what a bridge bot registers on and a gateway publishes to. Built and parsed here only.
 */
public record ShardAddress(int count, int shard) {

  public static final String PREFIX = "configsync.module.change.shard.";
  /** The same rule as {@link #parse}, for the bridge's permitted-address options. */
  public static final String REGEX = PREFIX.replace(".", "\\.") + "[0-9]+\\.[0-9]+";

  public ShardAddress {
    if (count < 1 || shard < 0 || shard >= count) {
      throw new IllegalArgumentException("shard " + shard + " of " + count + " does not exist");
    }
  }

  /** The shard of {@code count} that {@code guildId} belongs to. */
  public static ShardAddress ofGuild(long guildId, int count) {
    return new ShardAddress(count, GuildIds.shardOf(guildId, count));
  }

  /** Empty unless {@code address} is exactly a shard address of an existing shard. */
  public static Optional<ShardAddress> parse(String address) {
    if (address == null || !address.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = address.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot < 1 || dot == rest.length() - 1 || !digits(rest, 0, dot) || !digits(rest, dot + 1, rest.length())) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ShardAddress(Integer.parseInt(rest, 0, dot, 10),
          Integer.parseInt(rest, dot + 1, rest.length(), 10)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether this is the stream of one of {@code spec}'s shards. */
  public boolean belongsTo(ShardSpec spec) {
    return spec.count() == count && spec.hasShard(shard);
  }

  public String address() {
    return PREFIX + count + "." + shard;
  }

  @Override
  public String toString() {
    return address();
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
