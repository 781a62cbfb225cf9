package io.configsync.codecs;

import java.util.Arrays;
import java.util.BitSet;
import java.util.stream.Collectors;

/**
 * Which Discord shards a bot runs: {@code "0,1/4"} is shards 0 and 1 of 4; ranges such as
 * {@code "0-3/8"} are accepted too. A guild belongs to shard {@code (guildId >> 22) % count}.
 */
public final class ShardSpec {

  /** Every guild: the single shard of a bot that is not sharded. */
  public static final ShardSpec ALL = new ShardSpec(new int[] {0}, 1);

  private static final int MAX_SHARD_COUNT = 65_536;

  private final int[] shards;
  private final int count;
  private final BitSet members;

  private ShardSpec(int[] shards, int count) {
    this.shards = shards;
    this.count = count;
    this.members = new BitSet(count);
    Arrays.stream(shards).forEach(members::set);
  }

  /**
   * @throws IllegalArgumentException with a message fit for the user if {@code spec} is not of
   *     the form {@code "0,1/4"}
   */
  public static ShardSpec parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw invalid(spec, "it is empty");
    }
    int slash = spec.indexOf('/');
    if (slash < 0) {
      throw invalid(spec, "the shard count is missing");
    }
    int count = parseNumber(spec, spec.substring(slash + 1));
    if (count < 1 || count > MAX_SHARD_COUNT) {
      throw invalid(spec, "the shard count must be between 1 and " + MAX_SHARD_COUNT);
    }
    BitSet selected = new BitSet(count);
    for (String part : spec.substring(0, slash).split(",", -1)) {
      addShards(spec, part.trim(), count, selected);
    }
    return new ShardSpec(selected.stream().toArray(), count);
  }

  public static ShardSpec of(int count, int... shards) {
    return parse(Arrays.stream(shards).mapToObj(Integer::toString).collect(Collectors.joining(",")) + "/" + count);
  }

  private static void addShards(String spec, String part, int count, BitSet selected) {
    if (part.startsWith("-")) {
      throw invalid(spec, "shard '" + part + "' is negative; shards are numbered from 0");
    }
    int dash = part.indexOf('-');
    int from = parseNumber(spec, dash < 0 ? part : part.substring(0, dash));
    int to = dash < 0 ? from : parseNumber(spec, part.substring(dash + 1));
    if (from > to) {
      throw invalid(spec, "range '" + part + "' goes down; write the lower shard first");
    }
    if (to >= count) {
      throw invalid(spec, "shard '" + part + "' is not within 0.." + (count - 1));
    }
    selected.set(from, to + 1);
  }

  /** ASCII digits, spaces around them allowed; no sign, no digits of other scripts. */
  private static int parseNumber(String spec, String text) {
    try {
      long number = Decimals.parseNonNegative(text.trim());
      if (number <= Integer.MAX_VALUE) {
        return (int) number;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw invalid(spec, "'" + text + "' is not a number");
  }

  private static IllegalArgumentException invalid(String spec, String why) {
    return new IllegalArgumentException(
        "invalid shards '" + spec + "': " + why + " (expected e.g. 0,1/4 for shards 0 and 1 of 4)");
  }

  public int count() {
    return count;
  }

  /** The shard numbers, ascending. */
  public int[] shards() {
    return shards.clone();
  }

  public boolean isAll() {
    return shards.length == count;
  }

  /**
   * Whether every guild of these shards is a guild of {@code other}'s: true for {@code 0/4} within
   * {@code 0,1/4}, or {@code 1,3/4} within {@code 1/2}; false for {@code 0/2} within {@code 0/4}.
   */
  public boolean isWithin(ShardSpec other) {
    if (other.isAll()) {
      return true;
    }
    if (count % other.count != 0) {
      return false;
    }
    return Arrays.stream(shards).allMatch(shard -> other.members.get(shard % other.count));
  }

  /** Whether shard number {@code shard} of {@link #count()} is one of these. */
  public boolean hasShard(int shard) {
    return shard >= 0 && shard < count && members.get(shard);
  }

  public boolean contains(long guildId) {
    return members.get(GuildIds.shardOf(guildId, count));
  }

  public boolean containsGuild(String guildId) {
    return contains(Long.parseLong(guildId));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShardSpec that && count == that.count && Arrays.equals(shards, that.shards);
  }

  @Override
  public int hashCode() {
    return 31 * count + Arrays.hashCode(shards);
  }

  /** The canonical form, e.g. {@code "0,1/4"}. */
  @Override
  public String toString() {
    return Arrays.stream(shards).mapToObj(Integer::toString).collect(Collectors.joining(",")) + "/" + count;
  }
}
