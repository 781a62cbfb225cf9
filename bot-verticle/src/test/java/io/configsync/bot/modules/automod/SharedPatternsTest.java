package io.configsync.bot.modules.automod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.codecs.RegexLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Automod patterns: measured before compiling, cached by weight")
class SharedPatternsTest {

  @Test
  @DisplayName("the cache holds at most its weight in compiled programs, however many large patterns come and go")
  void cacheIsBoundedByWeight() {
    for (int count = 50; count < 210; count++) {
      String pattern = "(?:[a-z]{9}){" + count + "}"; // about 23 * count instructions each, 480,000 in all
      assertThat(RegexLimits.check(pattern)).as(pattern).isEmpty();
      SharedPatterns.compile(pattern);
      assertThat(SharedPatterns.cachedWeight()).isLessThanOrEqualTo(SharedPatterns.MAX_CACHED_WEIGHT);
    }
    assertThat(SharedPatterns.isCached("(?:[a-z]{9}){209}")).isTrue();
    assertThat(SharedPatterns.isCached("(?:[a-z]{9}){50}")).isFalse();
  }

  @Test
  @DisplayName("a config with a pattern over the limits is refused before anything is compiled")
  void hugePatternIsRefusedUncompiled() {
    String hostile = "(?:(?:a{1000}){1000}){1000}";
    JsonObject config = new JsonObject().put("rules", new JsonArray().add(new JsonObject()
        .put("id", "x").put("type", "regex").put("pattern", hostile).put("action", "delete")));

    assertThatThrownBy(() -> AutomodRules.compile(config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instructions");
    assertThat(SharedPatterns.isCached(hostile)).isFalse();
  }

  @Test
  @DisplayName("patterns within the limit each but too large together are refused")
  void tooLargeTogether() {
    JsonArray rules = new JsonArray();
    for (int i = 0; i < 10; i++) {
      rules.add(new JsonObject().put("id", "r" + i).put("type", "regex").put("pattern", "(b{100}){" + (10 + i) + "}")
          .put("action", "delete"));
    }
    assertThatThrownBy(() -> AutomodRules.compile(new JsonObject().put("rules", rules)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("together");
  }
}
