package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("GuildIds")
class GuildIdsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "10000000000000000", // smallest 17 digits
    "81384788765712384", // 17 digits
    "99999999999999999",
    "175928847299117063", // 18 digits
    "100000000000000000",
    "1234567890123456789", // 19 digits
    "9223372036854775807" // Long.MAX_VALUE
  })
  @DisplayName("accepts 17, 18 and 19 digit snowflakes up to Long.MAX_VALUE")
  void acceptsValidSnowflakes(String guildId) {
    assertThat(GuildIds.isValid(guildId)).isTrue();
    assertThat(GuildIds.parse(guildId)).isEqualTo(new BigInteger(guildId).longValueExact());
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {
    "9223372036854775808", // Long.MAX_VALUE + 1, still 19 digits
    "9999999999999999999",
    "10000000000000000000", // 20 digits: always over Long.MAX_VALUE
    "18446744073709551615", // unsigned 64-bit max
    "99999999999999999999",
    "123456789012345678901", // 21 digits
    "1234567890123456", // 16 digits
    "0", "1",
    "01234567890123456", // leading zero, 17 characters
    "0175928847299117063",
    "00000000000000000",
    "8138478876571238a",
    "abcdefghijklmnopq",
    "0x12345678901234567",
    "8.1384788765712384E16",
    "-81384788765712384",
    "+81384788765712384",
    " 81384788765712384",
    "81384788765712384 ",
    "81384788765712384\n",
    "\t81384788765712384",
    "813847887 65712384",
    "81,384,788,765,712,384",
    " ",
    "８１３８４７８８７６５７１２３８４", // full-width digits: Long.parseLong would accept them
    "٨١٣٨٤٧٨٨٧٦٥٧١٢٣٨٤" // Arabic-Indic digits
  })
  @DisplayName("refuses anything that is not a 17 to 19 digit decimal snowflake")
  void refusesInvalidIds(String guildId) {
    assertThat(GuildIds.isValid(guildId)).isFalse();
    assertThatThrownBy(() -> GuildIds.parse(guildId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(GuildIds.RULE)
        .hasMessageContaining("'" + guildId + "'");
  }

  @Test
  @DisplayName("a guild with a single shard is always on shard 0")
  void singleShardIsShardZero() {
    assertThat(GuildIds.shardOf(81384788765712384L, 1)).isZero();
    assertThat(GuildIds.shardOf(175928847299117063L, 1)).isZero();
    assertThat(GuildIds.shardOf(Long.MAX_VALUE, 1)).isZero();
  }

  // Expected values worked out by hand: 81384788765712384 >> 22 = 19403645698,
  // 175928847299117063 >> 22 = 41944705796, 1234567890123456789 >> 22 = 294343922167,
  // Long.MAX_VALUE >> 22 = 2^41 - 1 = 2199023255551.
  @ParameterizedTest(name = "{0} on {1} shards is shard {2}")
  @CsvSource({
    "81384788765712384, 1, 0",
    "81384788765712384, 2, 0",
    "81384788765712384, 4, 2",
    "81384788765712384, 16, 2",
    "81384788765712384, 1000, 698",
    "175928847299117063, 4, 0",
    "175928847299117063, 8, 4",
    "175928847299117063, 1000, 796",
    "41771983423143937, 8, 6",
    "1234567890123456789, 4, 3",
    "1234567890123456789, 1000, 167",
    "9223372036854775807, 16, 15",
    "9223372036854775807, 1000, 551",
    "81384788769906688, 4, 3",
    "81384788774100992, 4, 0",
    "81384788778295296, 4, 1"
  })
  @DisplayName("shardOf is Discord's (id >> 22) % count")
  void shardOfMatchesDiscordsFormula(long guildId, int shardCount, int expected) {
    int crossCheck =
        BigInteger.valueOf(guildId).shiftRight(22).mod(BigInteger.valueOf(shardCount)).intValueExact();

    assertThat(crossCheck).as("hand-computed value").isEqualTo(expected);
    assertThat(GuildIds.shardOf(guildId, shardCount)).isEqualTo(expected);
    assertThat(GuildIds.shardOf(guildId, shardCount)).isEqualTo((int) ((guildId >> 22) % shardCount));
  }

  @Test
  @DisplayName("shardOf agrees with BigInteger arithmetic across the whole id range")
  void shardOfAgreesWithBigInteger() {
    BigInteger id = new BigInteger("10000000000000000");
    BigInteger step = new BigInteger("9213372036854775")
        .add(BigInteger.valueOf(4_194_303)); // not a multiple of 2^22, so the low bits vary
    for (int i = 0; i < 1000; i++, id = id.add(step)) {
      long guildId = id.longValueExact();
      for (int shardCount : new int[] {1, 2, 3, 4, 7, 16, 100, 65_536}) {
        int expected = id.shiftRight(22).mod(BigInteger.valueOf(shardCount)).intValueExact();
        assertThat(GuildIds.shardOf(guildId, shardCount))
            .as("guild %s on %s shards", guildId, shardCount)
            .isEqualTo(expected);
      }
    }
  }
}
