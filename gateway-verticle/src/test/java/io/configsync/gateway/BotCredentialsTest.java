package io.configsync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.codecs.ShardSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bot credentials: tokens, optionally bound to shards")
class BotCredentialsTest {

  @Test
  @DisplayName("botA:token:0,1/4 binds botA's token to shards 0 and 1 of 4; an entry after it still parses")
  void boundAndUnbound() {
    BotCredentials credentials = BotCredentials.parse("botA:token-a:0,1/4,botB:token-b, botC:token:c:2-3/8");

    assertThat(credentials.matches("botA", "token-a")).isTrue();
    assertThat(credentials.matches("botB", "token-b")).isTrue();
    assertThat(credentials.matches("botC", "token:c")).isTrue();
    assertThat(credentials.boundShards("botA")).isEqualTo(ShardSpec.parse("0,1/4"));
    assertThat(credentials.boundShards("botB")).isNull();
    assertThat(credentials.unboundBots()).containsExactly("botB");

    assertThat(credentials.mayClaim("botA", ShardSpec.parse("0,1/4"))).isTrue();
    assertThat(credentials.mayClaim("botA", ShardSpec.parse("1/4"))).isTrue();
    assertThat(credentials.mayClaim("botA", ShardSpec.parse("0,1,4,5/8"))).isTrue();
    assertThat(credentials.mayClaim("botA", ShardSpec.parse("0/1"))).isFalse();
    assertThat(credentials.mayClaim("botA", ShardSpec.parse("0/2"))).isFalse();
    assertThat(credentials.mayClaim("botA", ShardSpec.parse("2/4"))).isFalse();
    assertThat(credentials.mayClaim("botB", ShardSpec.parse("0/1"))).isTrue();
    assertThat(credentials.mayClaim("botC", ShardSpec.parse("2/8"))).isTrue();
    assertThat(credentials.mayClaim("nobody", ShardSpec.parse("0/1"))).isFalse();
  }

  @Test
  @DisplayName("bad shards in a binding are refused at start, naming the bot")
  void badBinding() {
    assertThatThrownBy(() -> BotCredentials.parse("botA:token:5/4")).hasMessageContaining("botA");
    assertThatThrownBy(() -> BotCredentials.parse("botA")).hasMessageContaining("CONFIGSYNC_BOT_TOKENS");
  }

  @Test
  @DisplayName("like the admin tokens: trimmed, and a bot given twice is refused without printing its tokens")
  void strictRules() {
    BotCredentials credentials = BotCredentials.parse(" botA : token-a : 0,1/4 ");
    assertThat(credentials.matches("botA", "token-a")).isTrue();
    assertThat(credentials.boundShards("botA")).isEqualTo(ShardSpec.parse("0,1/4"));
    assertThatThrownBy(() -> BotCredentials.parse("botA:s3cret-1,botA:s3cret-2"))
        .hasMessageContaining("'botA' is given twice")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThatThrownBy(() -> BotCredentials.parse("botA: ")).hasMessageContaining("entry 1");
  }
}
