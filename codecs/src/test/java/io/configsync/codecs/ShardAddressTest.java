package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ShardAddress")
class ShardAddressTest {

  @Test
  @DisplayName("round-trips through its address")
  void roundTrips() {
    ShardAddress address = new ShardAddress(4, 3);

    assertThat(address.address()).isEqualTo("configsync.module.change.shard.4.3");
    assertThat(ShardAddress.parse(address.address())).contains(address);
    assertThat(address.address()).matches(ShardAddress.REGEX);
  }

  @ParameterizedTest
  @ValueSource(strings = {"configsync.module.change.shard.4", "configsync.module.change.shard.4.",
      "configsync.module.change.shard..1", "configsync.module.change.shard.4.1.2",
      "configsync.module.change.shard.4.4", "configsync.module.change.shard.0.0",
      "configsync.module.change.shard.-4.1", "configsync.module.change.shard.4.+1",
      "configsync.module.change.shard.99999999999.1", "configsync.module.change", "configsync.replay", ""})
  @DisplayName("parses nothing but an existing shard's address")
  void refusesEverythingElse(String address) {
    assertThat(ShardAddress.parse(address)).isEmpty();
  }

  @Test
  @DisplayName("knows which bot's shards it belongs to")
  void belongsToItsSpec() {
    ShardSpec spec = ShardSpec.parse("0,2/4");

    assertThat(new ShardAddress(4, 2).belongsTo(spec)).isTrue();
    assertThat(new ShardAddress(4, 1).belongsTo(spec)).isFalse();
    assertThat(new ShardAddress(2, 0).belongsTo(spec)).isFalse();
  }

  @Test
  @DisplayName("puts a guild on the shard of the sharding rule")
  void ofGuild() {
    long guild = 81384788765712384L;

    assertThat(ShardAddress.ofGuild(guild, 4)).isEqualTo(new ShardAddress(4, GuildIds.shardOf(guild, 4)));
  }

  @Test
  @DisplayName("cannot be built for a shard that does not exist")
  void refusesMissingShard() {
    assertThatThrownBy(() -> new ShardAddress(4, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
