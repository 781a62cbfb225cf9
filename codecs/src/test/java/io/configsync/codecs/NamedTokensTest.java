package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.codecs.NamedTokens.NamedToken;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("name:token lists")
class NamedTokensTest {

  @Test
  @DisplayName("names and tokens are trimmed, empty entries skipped, a token keeps its colons, the order is kept")
  void parsesInOrder() {
    assertThat(NamedTokens.parse("LIST", " alice : a-secret , bob:b:secret,,"))
        .containsExactly(Map.entry("alice", "a-secret"), Map.entry("bob", "b:secret"));
    assertThat(NamedTokens.parse("LIST", null)).isEmpty();
    assertThat(NamedTokens.parse("LIST", "  ")).isEmpty();
  }

  @Test
  @DisplayName("a shard binding after the token's last colon may hold commas; without bindings it is part of the token")
  void bindings() {
    assertThat(NamedTokens.parseWithBindings("LIST", "botA:t-a:0,1/4, botB:t-b ,botC:t:c:2-3/8"))
        .containsExactly(new NamedToken("botA", "t-a", "0,1/4"), new NamedToken("botB", "t-b", null),
            new NamedToken("botC", "t:c", "2-3/8"));
    assertThat(NamedTokens.parse("LIST", "botC:t:c:2-3/8")).containsExactly(Map.entry("botC", "t:c:2-3/8"));
  }

  @Test
  @DisplayName("an entry without a name or a token, or a name given twice, is refused naming the list, never a token")
  void refusesBadEntries() {
    for (String bad : new String[] {"alice", ":s3cret", " :s3cret", "alice:", "alice: ", "alice:s3cret,alice:s3cret2",
        "alice:s3cret, alice :other-s3cret", "alice:s3cret,s3cret"}) {
      assertThatThrownBy(() -> NamedTokens.parse("CONFIGSYNC_ADMIN_TOKENS", bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CONFIGSYNC_ADMIN_TOKENS")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
      assertThatThrownBy(() -> NamedTokens.parseWithBindings("CONFIGSYNC_BOT_TOKENS", bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
    assertThatThrownBy(() -> NamedTokens.parse("LIST", "alice:x,bob:y,alice:z"))
        .hasMessageContaining("'alice' is given twice (entries 1 and 3)");
    assertThatThrownBy(() -> NamedTokens.parseWithBindings("LIST", "botA:s3cret:0/2,botA:s3cret:1/2"))
        .hasMessageContaining("'botA' is given twice");
  }

  @Test
  @DisplayName("an entry's toString leaves its token out")
  void masksToken() {
    assertThat(new NamedToken("botA", "s3cret", "0/2").toString()).doesNotContain("s3cret").contains("botA");
  }
}
