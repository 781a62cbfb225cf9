package io.configsync.bot.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.bot.commands.ConfigProposer;
import io.configsync.bot.commands.SlashCommands;
import io.configsync.bot.discord.RecordingDiscordPort;
import io.configsync.bot.discord.SlashCommandDefinition;
import io.configsync.bot.modules.automod.AutomodModule;
import io.configsync.bot.modules.welcome.WelcomeConfig;
import io.configsync.codecs.ShardSpec;
import io.configsync.codecs.modules.Automod;
import io.configsync.codecs.modules.Welcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bot's modules and slash commands apply the limits of the modules' schemas (read by codecs'
 * descriptors), at the same edges as the backend.
 */
@DisplayName("Bot modules and commands: the schemas' limits, at the same edges as the backend")
class SharedLimitsTest {

  private static final String EMOJI = "\uD83D\uDE00";
  private static final String GUILD = "111111111111111111";

  private final AutomodModule automod = new AutomodModule(new RecordingDiscordPort());

  @Test
  @DisplayName("welcome: the schema's length in emoji and a channel id of 2^63-1 pass; one more emoji or a larger id do not")
  void welcome() {
    int emojiAllowed = schemaInt(Welcome.MODULE.schema(), "properties", "message", "maxLength") / 2;
    assertThatCode(() -> WelcomeConfig.fromJson(welcome(EMOJI.repeat(emojiAllowed), "9223372036854775807")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> WelcomeConfig.fromJson(welcome(EMOJI.repeat(emojiAllowed + 1), "112233445566778899")))
        .hasMessageContaining("UTF-16");
    assertThatThrownBy(() -> WelcomeConfig.fromJson(welcome("hi", "9223372036854775808")))
        .hasMessageContaining("snowflake");
    assertThatThrownBy(() -> WelcomeConfig.fromJson(welcome("hi", "99999999999999999999")))
        .hasMessageContaining("snowflake");
  }

  @Test
  @DisplayName("automod: the schema's most mentions pass, one more and 3000000000 do not")
  void automodMentions() {
    long max = schemaInt(ruleProperties(), "maxMentions", "maximum");
    assertThatCode(() -> enable(rule("mass_mentions", "maxMentions", max))).doesNotThrowAnyException();
    assertThatThrownBy(() -> enable(rule("mass_mentions", "maxMentions", max + 1))).hasMessageContaining("maxMentions");
    assertThatThrownBy(() -> enable(rule("mass_mentions", "maxMentions", 3_000_000_000L)))
        .hasMessageContaining("maxMentions");
  }

  @Test
  @DisplayName("automod: the schema's longest timeout, most rules and longest rule id pass; one more does not")
  void automodRulesAndTimeout() {
    long timeout = schemaInt(ruleProperties(), "timeoutSeconds", "maximum");
    JsonObject timeoutRule = new JsonObject().put("id", "t").put("type", "invite_links").put("action", "timeout");
    assertThatCode(() -> enable(rules(timeoutRule.copy().put("timeoutSeconds", timeout)))).doesNotThrowAnyException();
    assertThatThrownBy(() -> enable(rules(timeoutRule.copy().put("timeoutSeconds", timeout + 1))))
        .hasMessageContaining("timeoutSeconds");

    int maxRules = schemaInt(Automod.MODULE.schema(), "properties", "rules", "maxItems");
    assertThatCode(() -> enable(inviteRules(maxRules))).doesNotThrowAnyException();
    assertThatThrownBy(() -> enable(inviteRules(maxRules + 1))).hasMessageContaining("at most " + maxRules);

    int idLength = schemaInt(ruleProperties(), "id", "maxLength");
    assertThatCode(() -> enable(rules(invite("i".repeat(idLength))))).doesNotThrowAnyException();
    assertThatThrownBy(() -> enable(rules(invite("i".repeat(idLength + 1))))).hasMessageContaining("id");
  }

  @Test
  @DisplayName("automod: a banned word is blank by the schema's rule (ASCII white space only), not by Java's isBlank")
  void bannedWordBlankness() {
    assertThatCode(() -> enable(words("\u001C"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> enable(words(" \t"))).hasMessageContaining("non-blank");
  }

  @Test
  @DisplayName("slash commands: Discord takes at most the schema's length of a welcome message and of a banned word")
  void commandOptions() {
    Vertx vertx = Vertx.vertx();
    try {
      SlashCommands commands = new SlashCommands(new ConfigProposer(vertx, "bot", ShardSpec.ALL),
          (guildId, moduleId) -> Optional.empty());
      assertThat(optionMaxLength(commands, "welcome", "message"))
          .isEqualTo(schemaInt(Welcome.MODULE.schema(), "properties", "message", "maxLength"));
      assertThat(optionMaxLength(commands, "automod", "add-word"))
          .isEqualTo(schemaInt(ruleProperties(), "words", "items", "maxLength"));
    } finally {
      vertx.close();
    }
  }

  private static int optionMaxLength(SlashCommands commands, String group, String subcommand) {
    return commands.definitions().stream().filter(command -> command.name().equals(group))
        .flatMap(command -> command.subcommands().stream())
        .filter(sub -> sub.name().equals(subcommand))
        .map(sub -> sub.options().get(0))
        .map(SlashCommandDefinition.Option::maxLength)
        .findFirst().orElseThrow();
  }

  /** Read from the schema by hand, not through the descriptor the code under test uses. */
  private static int schemaInt(JsonObject schema, String... path) {
    JsonObject node = schema;
    for (int i = 0; i < path.length - 1; i++) {
      node = node.getJsonObject(path[i]);
    }
    return node.getInteger(path[path.length - 1]);
  }

  private static JsonObject ruleProperties() {
    return Automod.MODULE.schema().getJsonObject("properties").getJsonObject("rules").getJsonObject("items")
        .getJsonObject("properties");
  }

  private void enable(JsonObject config) {
    Future<Void> enabled = automod.onEnable(GUILD, config);
    enabled.toCompletionStage().toCompletableFuture().join();
  }

  private static JsonObject rules(JsonObject... rules) {
    JsonArray array = new JsonArray();
    for (JsonObject rule : rules) {
      array.add(rule);
    }
    return new JsonObject().put("rules", array);
  }

  private static JsonObject inviteRules(int count) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < count; i++) {
      array.add(invite("r" + i));
    }
    return new JsonObject().put("rules", array);
  }

  private static JsonObject invite(String id) {
    return new JsonObject().put("id", id).put("type", "invite_links").put("action", "delete");
  }

  private static JsonObject rule(String type, String field, long value) {
    return rules(new JsonObject().put("id", "r").put("type", type).put(field, value).put("action", "delete"));
  }

  private static JsonObject words(String word) {
    return rules(new JsonObject().put("id", "w").put("type", "banned_words").put("words", new JsonArray().add(word))
        .put("action", "delete"));
  }

  private static JsonObject welcome(String message, String channelId) {
    return new JsonObject().put("message", message).put("channelId", channelId);
  }
}
