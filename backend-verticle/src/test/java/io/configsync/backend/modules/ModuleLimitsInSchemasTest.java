package io.configsync.backend.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.ModuleLimits;
import io.configsync.codecs.RegexLimits;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The schemas declare the limits the backend and the bot apply (codecs' ModuleLimits)")
class ModuleLimitsInSchemasTest {

  private final ModuleCatalog catalog = ModuleCatalog.bundled();

  private JsonObject properties(String moduleId) {
    return catalog.find(moduleId).orElseThrow().schema().getJsonObject("properties");
  }

  private JsonObject ruleProperties() {
    return properties("automod").getJsonObject("rules").getJsonObject("items").getJsonObject("properties");
  }

  @Test
  @DisplayName("welcome: the message length and the channel id's digits")
  void welcome() {
    assertThat(properties("welcome").getJsonObject("message").getInteger("maxLength"))
        .isEqualTo(ModuleLimits.WELCOME_MESSAGE_MAX_LENGTH);
    assertThat(properties("welcome").getJsonObject("channelId").getString("pattern")).isEqualTo("^[1-9][0-9]{16,18}$");
  }

  @Test
  @DisplayName("automod: rules, rule id, mentions, timeout and pattern length")
  void automod() {
    assertThat(properties("automod").getJsonObject("rules").getInteger("maxItems"))
        .isEqualTo(ModuleLimits.AUTOMOD_MAX_RULES);
    assertThat(ruleProperties().getJsonObject("id").getInteger("maxLength"))
        .isEqualTo(ModuleLimits.AUTOMOD_RULE_ID_MAX_LENGTH);
    assertThat(ruleProperties().getJsonObject("maxMentions").getInteger("maximum"))
        .isEqualTo(ModuleLimits.AUTOMOD_MAX_MENTIONS);
    assertThat(ruleProperties().getJsonObject("timeoutSeconds").getInteger("maximum"))
        .isEqualTo(ModuleLimits.AUTOMOD_MAX_TIMEOUT_SECONDS);
    assertThat(ruleProperties().getJsonObject("pattern").getInteger("maxLength"))
        .isEqualTo(RegexLimits.MAX_PATTERN_LENGTH);
  }
}
