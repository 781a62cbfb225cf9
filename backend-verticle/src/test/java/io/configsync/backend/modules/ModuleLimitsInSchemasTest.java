package io.configsync.backend.modules;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.RegexLimits;
import io.configsync.codecs.modules.Automod;
import io.configsync.codecs.modules.Welcome;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The catalog serves the descriptors' schemas, whose limits the backend's checks and the bot read")
class ModuleLimitsInSchemasTest {

  private final ModuleCatalog catalog = ModuleCatalog.bundled();

  private JsonObject served(String moduleId) {
    return catalog.find(moduleId).orElseThrow().schema();
  }

  @Test
  @DisplayName("every module is registered from its descriptor, and GET /api/modules serves its schema unchanged")
  void catalogIsTheDescriptors() {
    assertThat(catalog.all()).extracting(ModuleCatalog.ModuleDefinition::id).containsExactly(Welcome.ID, Automod.ID);
    assertThat(served(Welcome.ID)).isEqualTo(Welcome.MODULE.schema());
    assertThat(served(Automod.ID)).isEqualTo(Automod.MODULE.schema());
    assertThat(catalog.describe().getJsonArray("modules").getJsonObject(0).getJsonObject("schema"))
        .isEqualTo(Welcome.MODULE.schema());
  }

  @Test
  @DisplayName("welcome: the check refuses one UTF-16 unit past the schema's message length, and the channel id is a snowflake")
  void welcome() {
    WelcomeCheck check = new WelcomeCheck();
    String channel = "81384788765712390";
    assertThat(check.check(welcome("x".repeat(Welcome.MESSAGE_MAX_LENGTH), channel))).isEmpty();
    assertThat(check.check(welcome("x".repeat(Welcome.MESSAGE_MAX_LENGTH - 1) + "\uD83D\uDE00", channel)))
        .extracting(Violation::location).containsExactly("/message");
    assertThat(served(Welcome.ID).getJsonObject("properties").getJsonObject("channelId").getString("pattern"))
        .isEqualTo("^[1-9][0-9]{16,18}$");
  }

  @Test
  @DisplayName("automod: the schema's pattern length is codecs' RegexLimits")
  void automod() {
    assertThat(Automod.PATTERN_MAX_LENGTH).isEqualTo(RegexLimits.MAX_PATTERN_LENGTH);
  }

  private static JsonObject welcome(String message, String channelId) {
    return new JsonObject().put("message", message).put("channelId", channelId);
  }
}
