package io.configsync.bot.modules.automod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Automod config")
class AutomodRulesTest {

  private static JsonObject config(String rulesJson) {
    return new JsonObject("{\"rules\":" + rulesJson + "}");
  }

  @Test
  @DisplayName("compiles every rule type and action, in order")
  void compilesEveryRule() {
    List<AutomodRule> rules = AutomodRules.compile(config("""
        [
          {"id":"a","type":"banned_words","words":["x"],"action":"delete"},
          {"id":"b","type":"regex","pattern":"x+","action":"warn"},
          {"id":"c","type":"invite_links","action":"timeout","timeoutSeconds":2419200},
          {"id":"d","type":"mass_mentions","maxMentions":5,"action":"delete"},
          {"id":"e","type":"caps","maxCapsRatio":1,"action":"delete"}
        ]"""));

    assertThat(rules).extracting(AutomodRule::id).containsExactly("a", "b", "c", "d", "e");
    assertThat(rules.get(2).action())
        .isEqualTo(new RuleAction(RuleAction.Type.TIMEOUT, Duration.ofDays(28)));
    assertThat(rules.get(1).action()).isEqualTo(new RuleAction(RuleAction.Type.WARN, null));
  }

  @Test
  @DisplayName("guilds with the same rule share its compiled form; banned words, and a rule that differs, are their own")
  void sharesEqualRules() {
    String invites = "{\"id\":\"no-invites\",\"type\":\"invite_links\",\"action\":\"delete\"}";
    JsonObject first = config("[" + invites + ",{\"id\":\"w\",\"type\":\"banned_words\",\"words\":[\"a\"],"
        + "\"action\":\"warn\"}]");
    JsonObject second = config("[" + invites + ",{\"id\":\"w\",\"type\":\"banned_words\",\"words\":[\"b\"],"
        + "\"action\":\"warn\"}]");

    List<AutomodRule> firstRules = AutomodRules.compile(first);
    List<AutomodRule> secondRules = AutomodRules.compile(second);
    first.getJsonArray("rules").getJsonObject(0).put("action", "warn");
    List<AutomodRule> changed = AutomodRules.compile(first);

    assertThat(secondRules.get(0)).isSameAs(firstRules.get(0));
    assertThat(secondRules.get(1)).isNotSameAs(firstRules.get(1));
    assertThat(secondRules.get(1).matches("say b")).isTrue();
    assertThat(secondRules.get(1).matches("say a")).isFalse();
    assertThat(changed.get(0).action().type()).isEqualTo(RuleAction.Type.WARN);
    assertThat(AutomodRules.compile(second).get(0).action().type()).isEqualTo(RuleAction.Type.DELETE);
  }

  @Test
  @DisplayName("a pattern measured once for a guild still counts toward each config's sum of programs")
  void measuredPatternStillCountsTowardTheSum() {
    String rule = "{\"id\":\"r%d\",\"type\":\"regex\",\"pattern\":\"z{1000}z{1000}\",\"action\":\"delete\"}";
    AutomodRules.compile(config("[" + rule.formatted(0) + "]"));
    String six = String.join(",", java.util.stream.IntStream.range(0, 6).mapToObj(rule::formatted).toList());

    assertThatThrownBy(() -> AutomodRules.compile(config("[" + six + "]")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instructions together");
  }

  @Test
  @DisplayName("a pattern over a limit is refused for every config that has it")
  void patternOverALimitRefusedEachTime() {
    String config = "[{\"id\":\"r\",\"type\":\"regex\",\"pattern\":\"y{6000}\",\"action\":\"delete\"}]";
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> AutomodRules.compile(config(config)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rule #0");
    }
  }

  @Test
  @DisplayName("accepts an empty rule list")
  void emptyRules() {
    assertThat(AutomodRules.compile(config("[]"))).isEmpty();
  }

  @Test
  @DisplayName("refuses more than 100 rules")
  void tooManyRules() {
    JsonArray rules = new JsonArray();
    for (int i = 0; i <= 100; i++) {
      rules.add(new JsonObject().put("id", "r" + i).put("type", "invite_links")
          .put("action", "delete"));
    }

    assertThatThrownBy(() -> AutomodRules.compile(new JsonObject().put("rules", rules)))
        .hasMessageContaining("at most 100");
  }

  @Test
  @DisplayName("refuses a rule missing what its type or action needs, naming the rule")
  void missingFields() {
    assertRefused("[{\"id\":\"w\",\"type\":\"banned_words\",\"words\":[],\"action\":\"delete\"}]",
        "rule 'w'", "words");
    assertRefused("[{\"id\":\"w\",\"type\":\"banned_words\",\"words\":[\" \"],\"action\":\"delete\"}]",
        "rule 'w'", "non-blank");
    assertRefused("[{\"id\":\"r\",\"type\":\"regex\",\"action\":\"delete\"}]", "rule 'r'", "pattern");
    assertRefused("[{\"id\":\"m\",\"type\":\"mass_mentions\",\"action\":\"delete\"}]",
        "rule 'm'", "maxMentions");
    assertRefused("[{\"id\":\"c\",\"type\":\"caps\",\"maxCapsRatio\":1.5,\"action\":\"delete\"}]",
        "rule 'c'", "maxCapsRatio");
    assertRefused("[{\"id\":\"t\",\"type\":\"invite_links\",\"action\":\"timeout\"}]",
        "rule 't'", "timeoutSeconds");
    assertRefused(
        "[{\"id\":\"t\",\"type\":\"invite_links\",\"action\":\"timeout\",\"timeoutSeconds\":2419201}]",
        "rule 't'", "timeoutSeconds");
    assertRefused("[{\"id\":\"u\",\"type\":\"spam\",\"action\":\"delete\"}]", "rule 'u'", "spam");
    assertRefused("[{\"id\":\"u\",\"type\":\"caps\",\"maxCapsRatio\":0.5,\"action\":\"ban\"}]",
        "rule 'u'", "ban");
    assertRefused("[{\"type\":\"invite_links\",\"action\":\"delete\"}]", "rule #0", "id");
    assertRefused("[\"nope\"]", "rule #0", "not an object");
  }

  @Test
  @DisplayName("refuses a config without a rules array")
  void noRules() {
    assertThatThrownBy(() -> AutomodRules.compile(new JsonObject()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rules");
  }

  private static void assertRefused(String rulesJson, String... fragments) {
    assertThatThrownBy(() -> AutomodRules.compile(config(rulesJson)))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> {
          for (String fragment : fragments) {
            assertThat(e).hasMessageContaining(fragment);
          }
        });
  }
}
