package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("ShardSpec")
class ShardSpecTest {

  /** One guild on each shard of 4 (and of 8): (id >> 22) % 4 is 2, 3, 0, 1 and % 8 is 2, 3, 4, 5. */
  private static final long ON_SHARD_2_OF_4 = 81384788765712384L;
  private static final long ON_SHARD_3_OF_4 = 81384788769906688L;
  private static final long ON_SHARD_0_OF_4 = 81384788774100992L;
  private static final long ON_SHARD_1_OF_4 = 81384788778295296L;

  private static final List<Long> GUILDS = List.of(
      ON_SHARD_0_OF_4, ON_SHARD_1_OF_4, ON_SHARD_2_OF_4, ON_SHARD_3_OF_4,
      175928847299117063L, 41771983423143937L, 1234567890123456789L, Long.MAX_VALUE,
      10000000000000000L, 290926798626357250L);

  @Test
  @DisplayName("parses a list of shards")
  void parsesAList() {
    ShardSpec spec = ShardSpec.parse("0,1/4");

    assertThat(spec.count()).isEqualTo(4);
    assertThat(spec.shards()).containsExactly(0, 1);
    assertThat(spec.isAll()).isFalse();
    assertThat(spec).hasToString("0,1/4");
  }

  @Test
  @DisplayName("parses a single shard")
  void parsesASingleShard() {
    ShardSpec spec = ShardSpec.parse("2/4");

    assertThat(spec.count()).isEqualTo(4);
    assertThat(spec.shards()).containsExactly(2);
    assertThat(spec).hasToString("2/4");
  }

  @Test
  @DisplayName("parses a range, written back as a list")
  void parsesARange() {
    ShardSpec spec = ShardSpec.parse("0-3/8");

    assertThat(spec.count()).isEqualTo(8);
    assertThat(spec.shards()).containsExactly(0, 1, 2, 3);
    assertThat(spec).hasToString("0,1,2,3/8");
    assertThat(ShardSpec.parse(spec.toString())).isEqualTo(spec);
  }

  @Test
  @DisplayName("ALL is the single shard of one, and holds every guild")
  void allIsShardZeroOfOne() {
    assertThat(ShardSpec.ALL).hasToString("0/1");
    assertThat(ShardSpec.ALL).isEqualTo(ShardSpec.parse("0/1"));
    assertThat(ShardSpec.ALL.hashCode()).isEqualTo(ShardSpec.parse("0/1").hashCode());
    assertThat(ShardSpec.ALL.count()).isEqualTo(1);
    assertThat(ShardSpec.ALL.isAll()).isTrue();
    assertThat(GUILDS).allMatch(ShardSpec.ALL::contains);
  }

  @ParameterizedTest(name = "\"{0}\" is written \"{1}\"")
  @CsvSource(delimiter = '|', value = {
    "0,1/4         | 0,1/4",
    "1,0/4         | 0,1/4",
    "' 1 , 0 / 4 ' | 0,1/4",
    "0,0,1/4       | 0,1/4",
    "0-1,1-2/4     | 0,1,2/4",
    "3,0-1/4       | 0,1,3/4",
    "2-2/4         | 2/4",
    "0-3/4         | 0,1,2,3/4",
    "7/8           | 7/8"
  })
  @DisplayName("toString is canonical: sorted, without duplicates, ranges expanded")
  void toStringIsCanonical(String spec, String canonical) {
    ShardSpec parsed = ShardSpec.parse(spec);

    assertThat(parsed).hasToString(canonical);
    assertThat(ShardSpec.parse(canonical)).isEqualTo(parsed).hasSameHashCodeAs(parsed);
  }

  @Test
  @DisplayName("every shard of the count makes the spec cover all guilds")
  void everyShardIsAll() {
    assertThat(ShardSpec.parse("0-3/4").isAll()).isTrue();
    assertThat(ShardSpec.parse("0,1,2/4").isAll()).isFalse();
  }

  @Test
  @DisplayName("of(count, shards...) equals the parsed form")
  void ofEqualsParse() {
    assertThat(ShardSpec.of(4, 1, 0)).isEqualTo(ShardSpec.parse("0,1/4"));
    assertThat(ShardSpec.of(1, 0)).isEqualTo(ShardSpec.ALL);
  }

  @Test
  @DisplayName("specs with other shards or another count are not equal")
  void differentSpecsDiffer() {
    assertThat(ShardSpec.parse("0,1/4")).isNotEqualTo(ShardSpec.parse("0,1/8"));
    assertThat(ShardSpec.parse("0,1/4")).isNotEqualTo(ShardSpec.parse("0,2/4"));
    assertThat(ShardSpec.parse("0/1")).isNotEqualTo("0/1");
  }

  @Test
  @DisplayName("shards() cannot be used to change the spec")
  void shardsIsACopy() {
    ShardSpec spec = ShardSpec.parse("0,1/4");

    spec.shards()[0] = 3;

    assertThat(spec.shards()).containsExactly(0, 1);
    assertThat(spec.contains(ON_SHARD_3_OF_4)).isFalse();
  }

  @Test
  @DisplayName("contains the guilds of its shards and no others")
  void containsTheGuildsOfItsShards() {
    ShardSpec spec = ShardSpec.parse("0,1/4");

    assertThat(spec.contains(ON_SHARD_0_OF_4)).isTrue();
    assertThat(spec.contains(ON_SHARD_1_OF_4)).isTrue();
    assertThat(spec.contains(ON_SHARD_2_OF_4)).isFalse();
    assertThat(spec.contains(ON_SHARD_3_OF_4)).isFalse();
    assertThat(spec.containsGuild(Long.toString(ON_SHARD_1_OF_4))).isTrue();
    assertThat(spec.containsGuild(Long.toString(ON_SHARD_2_OF_4))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"0,1/4", "2/4", "0-3/8", "1,3,5,7/8", "0/1", "2,5/7", "0,9999/65536"})
  @DisplayName("contains() agrees with GuildIds.shardOf for every guild")
  void containsAgreesWithShardOf(String text) {
    ShardSpec spec = ShardSpec.parse(text);
    List<Integer> shards = IntStream.of(spec.shards()).boxed().toList();

    for (long guildId : GUILDS) {
      assertThat(spec.contains(guildId))
          .as("guild %s (shard %s of %s)", guildId, GuildIds.shardOf(guildId, spec.count()), spec.count())
          .isEqualTo(shards.contains(GuildIds.shardOf(guildId, spec.count())));
    }
  }

  @Test
  @DisplayName("each guild belongs to exactly one shard of a count")
  void shardsPartitionTheGuilds() {
    List<ShardSpec> oneEach = IntStream.range(0, 8).mapToObj(n -> ShardSpec.of(8, n)).toList();

    for (long guildId : GUILDS) {
      assertThat(oneEach.stream().filter(spec -> spec.contains(guildId)))
          .as("guild %s", guildId)
          .hasSize(1);
    }
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("", "it is empty"),
        Arguments.of("   ", "it is empty"),
        Arguments.of(null, "it is empty"),
        Arguments.of("4/4", "shard '4' is not within 0..3"),
        Arguments.of("0,9/8", "shard '9' is not within 0..7"),
        Arguments.of("0-8/8", "shard '0-8' is not within 0..7"),
        Arguments.of("1/0", "the shard count must be between 1 and 65536"),
        Arguments.of("0/65537", "the shard count must be between 1 and 65536"),
        Arguments.of("0/-4", "'-4' is not a number"),
        Arguments.of("a/4", "'a' is not a number"),
        Arguments.of("0/a", "'a' is not a number"),
        Arguments.of("0/4/8", "'4/8' is not a number"),
        Arguments.of("/4", "'' is not a number"),
        Arguments.of("0,,1/4", "'' is not a number"),
        Arguments.of("0,1", "the shard count is missing"),
        Arguments.of("3-1/4", "range '3-1' goes down"),
        Arguments.of("-1/4", "shard '-1' is negative"),
        Arguments.of("0,-2/4", "shard '-2' is negative"));
  }

  @ParameterizedTest(name = "[{0}]: {1}")
  @MethodSource("invalidSpecs")
  @DisplayName("a malformed spec is refused with a message naming the spec, the reason and an example")
  void refusesMalformedSpecs(String spec, String reason) {
    assertThatThrownBy(() -> ShardSpec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid shards '" + spec + "': ")
        .hasMessageContaining(reason)
        .hasMessageContaining("expected e.g. 0,1/4");
  }

  @Test
  @DisplayName("isWithin: every guild of the shards is a guild of the other's")
  void isWithin() {
    assertThat(ShardSpec.parse("0/4").isWithin(ShardSpec.parse("0,1/4"))).isTrue();
    assertThat(ShardSpec.parse("1,3/4").isWithin(ShardSpec.parse("1/2"))).isTrue();
    assertThat(ShardSpec.parse("0/2").isWithin(ShardSpec.parse("0/4"))).isFalse();
    assertThat(ShardSpec.parse("0/3").isWithin(ShardSpec.parse("0/2"))).isFalse();
    assertThat(ShardSpec.parse("0/1").isWithin(ShardSpec.parse("0,1/2"))).isTrue();
    assertThat(ShardSpec.parse("0/1").isWithin(ShardSpec.parse("0/2"))).isFalse();
  }
}
