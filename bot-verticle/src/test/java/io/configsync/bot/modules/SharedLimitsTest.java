package io.configsync.bot.modules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.bot.discord.RecordingDiscordPort;
import io.configsync.bot.modules.automod.AutomodModule;
import io.configsync.bot.modules.welcome.WelcomeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bot applies the limits of codecs' ModuleLimits and Snowflakes, at the same edges as the backend. */
@DisplayName("Bot modules: the same limits as the backend, at the same edges")
class SharedLimitsTest {

  private static final String EMOJI = "\uD83D\uDE00";

  @Test
  @DisplayName("welcome: 1,000 emoji and a channel id of 2^63-1 pass; 1,001 emoji or a larger id do not")
  void welcome() {
    assertThatCode(() -> WelcomeConfig.fromJson(welcome(EMOJI.repeat(1000), "9223372036854775807")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> WelcomeConfig.fromJson(welcome(EMOJI.repeat(1001), "112233445566778899")))
        .hasMessageContaining("UTF-16");
    assertThatThrownBy(() -> WelcomeConfig.fromJson(welcome("hi", "9223372036854775808")))
        .hasMessageContaining("snowflake");
    assertThatThrownBy(() -> WelcomeConfig.fromJson(welcome("hi", "99999999999999999999")))
        .hasMessageContaining("snowflake");
  }

  @Test
  @DisplayName("automod: 1000 mentions pass, 1001 and 3000000000 do not")
  void automodMentions() {
    AutomodModule automod = new AutomodModule(new RecordingDiscordPort());
    assertThatCode(() -> automod.onEnable("111111111111111111", mentions(1000)).toCompletionStage()
        .toCompletableFuture().join()).doesNotThrowAnyException();
    assertThatThrownBy(() -> automod.onEnable("111111111111111111", mentions(1001)).toCompletionStage()
        .toCompletableFuture().join()).hasMessageContaining("maxMentions");
    assertThatThrownBy(() -> automod.onEnable("111111111111111111", mentions(3_000_000_000L)).toCompletionStage()
        .toCompletableFuture().join()).hasMessageContaining("maxMentions");
  }

  @Test
  @DisplayName("automod: a banned word is blank by the schema's rule (ASCII white space only), not by Java's isBlank")
  void bannedWordBlankness() {
    AutomodModule automod = new AutomodModule(new RecordingDiscordPort());
    assertThatCode(() -> automod.onEnable("111111111111111111", words("\u001C")).toCompletionStage()
        .toCompletableFuture().join()).doesNotThrowAnyException();
    assertThatThrownBy(() -> automod.onEnable("111111111111111111", words(" \t")).toCompletionStage()
        .toCompletableFuture().join()).hasMessageContaining("non-blank");
  }

  private static JsonObject words(String word) {
    return new JsonObject().put("rules", new JsonArray().add(new JsonObject().put("id", "w")
        .put("type", "banned_words").put("words", new JsonArray().add(word)).put("action", "delete")));
  }

  private static JsonObject welcome(String message, String channelId) {
    return new JsonObject().put("message", message).put("channelId", channelId);
  }

  private static JsonObject mentions(long max) {
    return new JsonObject().put("rules", new JsonArray().add(new JsonObject().put("id", "m")
        .put("type", "mass_mentions").put("maxMentions", max).put("action", "delete")));
  }
}
