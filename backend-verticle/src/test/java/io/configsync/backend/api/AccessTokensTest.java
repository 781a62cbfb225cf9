package io.configsync.backend.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Named admin tokens")
class AccessTokensTest {

  @Test
  @DisplayName("CONFIGSYNC_ADMIN_TOKENS=name:token,... gives each token its name, in order")
  void parsesNamedTokens() {
    Map<String, String> tokens = AccessTokens.parseNamed(" alice:a-secret , bob:b:secret,");
    assertThat(tokens).containsExactly(Map.entry("alice", "a-secret"), Map.entry("bob", "b:secret"));
    assertThat(AccessTokens.parseNamed(null)).isEmpty();
  }

  @Test
  @DisplayName("an entry without a name or a token, or a name given twice, is refused without echoing tokens")
  void refusesBadEntries() {
    for (String bad : new String[] {"alice", ":s3cret", "alice:", "alice:s3cret,alice:s3cret2"}) {
      assertThatThrownBy(() -> AccessTokens.parseNamed(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CONFIGSYNC_ADMIN_TOKENS")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
  }

  @Test
  @DisplayName("the admin name of a token is known; read tokens and unknown tokens have none")
  void namesTheAdmin() {
    Map<String, String> admins = new LinkedHashMap<>();
    admins.put("admin", "t-admin");
    admins.put("alice", "t-alice");
    AccessTokens tokens = new AccessTokens(admins, Set.of("t-read"), false);
    assertThat(tokens.adminName("t-alice")).contains("alice");
    assertThat(tokens.adminName("t-admin")).contains("admin");
    assertThat(tokens.adminName("t-read")).isEmpty();
    assertThat(tokens.adminName("t-alic")).isEmpty();
    assertThat(tokens.adminName(null)).isEmpty();
    assertThat(tokens.mayRead("t-read")).isTrue();
    assertThat(tokens.isAdmin("t-read")).isFalse();
    assertThat(new AccessTokens("single", Set.of(), false).adminName("single")).contains("admin");
    assertThat(tokens.toString()).contains("alice").doesNotContain("t-alice");
  }

  @Test
  @DisplayName("names fit for logs only, distinct tokens, none blank")
  void refusesUnfitNamesAndTokens() {
    assertThatThrownBy(() -> new AccessTokens(Map.of("al ice", "t"), Set.of(), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> new AccessTokens(Map.of("alice", "same", "bob", "same"), Set.of(), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share");
    assertThatThrownBy(() -> new AccessTokens(Map.of("alice", " "), Set.of(), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AccessTokens(Map.of(), Set.of(), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
