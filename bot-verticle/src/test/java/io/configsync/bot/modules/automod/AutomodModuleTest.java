package io.configsync.bot.modules.automod;

import static org.assertj.core.api.Assertions.assertThat;
import static io.configsync.bot.discord.ModerationPermission.MANAGE_MESSAGES;
import static io.configsync.bot.discord.ModerationPermission.MODERATE_MEMBERS;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.configsync.bot.discord.MessagePosted;
import io.configsync.bot.discord.RecordingDiscordPort;
import io.configsync.bot.discord.RecordingDiscordPort.DeletedMessage;
import io.configsync.bot.discord.RecordingDiscordPort.PermissionsCheck;
import io.configsync.bot.discord.RecordingDiscordPort.SentMessage;
import io.configsync.bot.discord.RecordingDiscordPort.TimedOut;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Automod module")
class AutomodModuleTest {

  private static final String GUILD = "111111111111111111";
  private static final String CHANNEL = "333333333333333333";
  private static final String AUTHOR = "222222222222222222";
  private static final String MESSAGE = "444444444444444444";
  private static final DeletedMessage DELETED = new DeletedMessage(CHANNEL, MESSAGE);

  private final RecordingDiscordPort discord = new RecordingDiscordPort();
  private final AutomodModule automod = new AutomodModule(discord);

  private static MessagePosted post(String content) {
    return new MessagePosted(GUILD, CHANNEL, MESSAGE, AUTHOR, "<@" + AUTHOR + ">", content, false);
  }

  private static JsonObject rule(String id, String type, String action) {
    return new JsonObject().put("id", id).put("type", type).put("action", action);
  }

  private static JsonObject rules(JsonObject... rules) {
    JsonArray array = new JsonArray();
    for (JsonObject rule : rules) {
      array.add(rule);
    }
    return new JsonObject().put("rules", array);
  }

  private void enable(JsonObject config) {
    Future<Void> enabled = automod.onEnable(GUILD, config);
    assertThat(enabled.succeeded()).as("enable: %s", enabled.cause()).isTrue();
  }

  @Test
  @DisplayName("has the id the backend registers")
  void id() {
    assertThat(automod.id()).isEqualTo("automod");
  }

  @Test
  @DisplayName("banned_words deletes a message with a banned word, not one with a longer word")
  void bannedWords() {
    enable(rules(rule("no-swearing", "banned_words", "delete")
        .put("words", new JsonArray().add("heck").add("dang it"))));

    automod.onMessagePosted(post("checked the docs"));
    assertThat(discord.calls()).isEmpty();

    automod.onMessagePosted(post("oh DANG it"));
    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("regex acts when the pattern is found in the message")
  void regex() {
    enable(rules(rule("no-phone", "regex", "delete").put("pattern", "[0-9]{3}-[0-9]{4}")));

    automod.onMessagePosted(post("call me"));
    automod.onMessagePosted(post("call 555-1234 now"));

    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("invite_links acts on a Discord invite")
  void inviteLinks() {
    enable(rules(rule("no-invites", "invite_links", "delete")));

    automod.onMessagePosted(post("https://example.com"));
    automod.onMessagePosted(post("join https://discord.gg/cats"));

    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("mass_mentions acts above maxMentions only")
  void massMentions() {
    enable(rules(rule("no-mass-pings", "mass_mentions", "delete").put("maxMentions", 2)));

    automod.onMessagePosted(post("<@1> <@2>"));
    automod.onMessagePosted(post("<@1> <@2> @everyone"));

    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("caps acts on a shouted message above maxCapsRatio")
  void caps() {
    enable(rules(rule("no-shouting", "caps", "delete").put("maxCapsRatio", 0.5)));

    automod.onMessagePosted(post("Hello there, General Kenobi"));
    automod.onMessagePosted(post("HELLO THERE, GENERAL KENOBI"));

    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("warn mentions the author and names the rule, and keeps the message")
  void warnAction() {
    enable(rules(rule("no-invites", "invite_links", "warn")));

    automod.onMessagePosted(post("discord.gg/cats"));

    assertThat(discord.calls()).singleElement().isInstanceOfSatisfying(SentMessage.class, sent -> {
      assertThat(sent.channelId()).isEqualTo(CHANNEL);
      assertThat(sent.content()).contains("<@" + AUTHOR + ">").contains("no-invites");
    });
  }

  @Test
  @DisplayName("timeout deletes the message and times the author out, naming the rule")
  void timeoutAction() {
    enable(rules(rule("no-invites", "invite_links", "timeout").put("timeoutSeconds", 600)));

    automod.onMessagePosted(post("discord.gg/cats"));

    assertThat(discord.calls()).containsExactly(
        DELETED, new TimedOut(GUILD, AUTHOR, Duration.ofMinutes(10), "Automod rule no-invites"));
  }

  @Test
  @DisplayName("lets only the first matching rule act")
  void firstMatchWins() {
    enable(rules(
        rule("no-caps", "caps", "warn").put("maxCapsRatio", 0.9),
        rule("no-invites", "invite_links", "warn"),
        rule("no-links", "regex", "timeout").put("pattern", "https?://")
            .put("timeoutSeconds", 60)));

    automod.onMessagePosted(post("join https://discord.gg/cats"));

    assertThat(discord.calls()).singleElement().isInstanceOfSatisfying(SentMessage.class,
        sent -> assertThat(sent.content()).contains("no-invites").doesNotContain("no-links"));
  }

  @Test
  @DisplayName("ignores messages of bots")
  void ignoresBots() {
    enable(rules(rule("no-invites", "invite_links", "delete")));

    automod.onMessagePosted(new MessagePosted(
        GUILD, CHANNEL, MESSAGE, AUTHOR, "<@" + AUTHOR + ">", "discord.gg/cats", true));

    assertThat(discord.calls()).isEmpty();
  }

  @Test
  @DisplayName("does nothing for an unconfigured guild or once disabled")
  void unconfiguredAndDisabledGuilds() {
    automod.onMessagePosted(post("discord.gg/cats"));
    enable(rules(rule("no-invites", "invite_links", "delete")));

    assertThat(automod.onDisable(GUILD).succeeded()).isTrue();
    automod.onMessagePosted(post("discord.gg/cats"));

    assertThat(discord.calls()).isEmpty();
  }

  @Test
  @DisplayName("applies a config update to the next message")
  void configUpdateTakesEffect() {
    enable(rules(rule("no-invites", "invite_links", "delete")));

    automod.onConfigUpdate(GUILD, rules(rule("no-caps", "caps", "delete").put("maxCapsRatio", 0.5)));
    automod.onMessagePosted(post("discord.gg/cats"));
    assertThat(discord.calls()).isEmpty();

    automod.onMessagePosted(post("STOP POSTING CATS"));
    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("checks a hostile regex against a long message without stalling")
  void hostileRegexDoesNotStall() {
    enable(rules(
        rule("nested", "regex", "delete").put("pattern", "(a+)+$"),
        rule("overlapping", "regex", "delete").put("pattern", "(x+x+)+y")));

    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      automod.onMessagePosted(post("a".repeat(50_000) + "!"));
      automod.onMessagePosted(post("x".repeat(10_000)));
    });

    assertThat(discord.calls()).isEmpty();
  }

  @Test
  @DisplayName("refuses a regex that does not compile and keeps the previous rules")
  void invalidRegexKeepsPreviousRules() {
    // GIVEN
    enable(rules(rule("no-invites", "invite_links", "delete")));

    // WHEN
    Future<Void> update = automod.onConfigUpdate(GUILD,
        rules(rule("broken", "regex", "delete").put("pattern", "(unclosed")));

    // THEN
    assertThat(update.failed()).isTrue();
    assertThat(update.cause()).hasMessageContaining(GUILD).hasMessageContaining("broken")
        .hasMessageContaining("pattern does not compile");
    automod.onMessagePosted(post("discord.gg/cats"));
    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("refuses an invalid regex on enable without enabling the guild")
  void invalidRegexOnEnable() {
    Future<Void> enable = automod.onEnable(GUILD,
        rules(rule("broken", "regex", "delete").put("pattern", "a{2,1}")));

    automod.onMessagePosted(post("aaa"));

    assertThat(enable.failed()).isTrue();
    assertThat(discord.calls()).isEmpty();
  }

  @Test
  @DisplayName("refuses a blank banned word on enable, before any message, though the words are indexed on first use")
  void blankBannedWordRefusedOnEnable() {
    // GIVEN rules in force
    enable(rules(rule("no-invites", "invite_links", "delete")));

    // WHEN an update has a blank banned word
    Future<Void> update = automod.onConfigUpdate(GUILD, rules(rule("w", "banned_words", "delete")
        .put("words", new JsonArray().add("heck").add("  "))));

    // THEN the hook fails (the config's apply status), and the previous rules stay
    assertThat(update.failed()).isTrue();
    assertThat(update.cause()).hasMessageContaining(GUILD).hasMessageContaining("rule 'w'")
        .hasMessageContaining("non-blank");
    automod.onMessagePosted(post("oh heck, discord.gg/cats"));
    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("banned words act on the first message after a bulk of guilds enabled, each with its own words")
  void bannedWordsIndexedOnFirstMessage() {
    String other = "999999999999999999";
    for (String guild : new String[] {GUILD, other}) {
      assertThat(automod.onEnable(guild, rules(rule("w", "banned_words", "delete")
          .put("words", new JsonArray().add(guild.equals(GUILD) ? "Heck" : "dang"))))
          .succeeded()).isTrue();
    }

    automod.onMessagePosted(post("oh dang"));
    automod.onMessagePosted(post("oh HECK"));

    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("keeps the guild's rules working when Discord refuses an action")
  void portFailuresAreNotThrown() {
    discord.failEveryCall("Missing permissions");
    enable(rules(rule("no-invites", "invite_links", "timeout").put("timeoutSeconds", 60)));

    automod.onMessagePosted(post("discord.gg/cats"));
    automod.onMessagePosted(post("discord.gg/dogs"));

    assertThat(discord.calls()).hasSize(4);
  }

  @Test
  @DisplayName("an action needs: delete Manage Messages, timeout that and Timeout Members, warn none")
  void permissionsPerAction() {
    assertThat(AutomodModule.permissionsFor(RuleAction.Type.DELETE))
        .containsExactly(MANAGE_MESSAGES);
    assertThat(AutomodModule.permissionsFor(RuleAction.Type.TIMEOUT))
        .containsExactlyInAnyOrder(MANAGE_MESSAGES, MODERATE_MEMBERS);
    assertThat(AutomodModule.permissionsFor(RuleAction.Type.WARN)).isEmpty();
  }

  @Test
  @DisplayName("checks the permissions of the actions its rules use, and succeeds when held")
  void checksPermissionsOfTheRulesActions() {
    Future<Void> warnOnly = automod.onEnable(GUILD, rules(rule("no-invites", "invite_links", "warn")));
    Future<Void> mixed = automod.onConfigUpdate(GUILD, rules(
        rule("no-invites", "invite_links", "warn"),
        rule("no-caps", "caps", "delete").put("maxCapsRatio", 0.5),
        rule("no-links", "regex", "timeout").put("pattern", "https?://").put("timeoutSeconds", 60)));

    assertThat(warnOnly.succeeded()).isTrue();
    assertThat(mixed.succeeded()).isTrue();
    assertThat(discord.checks()).containsExactly(
        new PermissionsCheck(GUILD, Set.of()),
        new PermissionsCheck(GUILD, Set.of(MANAGE_MESSAGES, MODERATE_MEMBERS)));
  }

  @Test
  @DisplayName("fails without Manage Messages for a delete rule, naming it, and keeps the rules")
  void missingManageMessagesFails() {
    // GIVEN
    discord.permissionDenied(GUILD, MANAGE_MESSAGES);

    // WHEN
    Future<Void> enable = automod.onEnable(GUILD,
        rules(rule("no-invites", "invite_links", "delete")));

    // THEN
    assertThat(enable.failed()).isTrue();
    assertThat(enable.cause()).hasMessage("the bot lacks the Manage Messages permission in guild "
        + GUILD + " (needed by rule 'no-invites')");
    automod.onMessagePosted(post("discord.gg/cats"));
    assertThat(discord.calls()).containsExactly(DELETED);
  }

  @Test
  @DisplayName("fails without Timeout Members, naming only the timeout rules")
  void missingModerateMembersNamesTimeoutRules() {
    discord.permissionDenied(GUILD, MODERATE_MEMBERS);

    Future<Void> enable = automod.onEnable(GUILD, rules(
        rule("no-caps", "caps", "delete").put("maxCapsRatio", 0.5),
        rule("no-invites", "invite_links", "timeout").put("timeoutSeconds", 60),
        rule("no-links", "regex", "timeout").put("pattern", "https?://").put("timeoutSeconds", 60)));

    assertThat(enable.failed()).isTrue();
    assertThat(enable.cause()).hasMessage("the bot lacks the Timeout Members permission in guild "
        + GUILD + " (needed by rules 'no-invites', 'no-links')");
  }

  @Test
  @DisplayName("a missing permission no rule's action needs does not fail")
  void unneededPermissionDoesNotFail() {
    discord.permissionDenied(GUILD, MODERATE_MEMBERS);

    Future<Void> enable = automod.onEnable(GUILD, rules(
        rule("no-invites", "invite_links", "delete"), rule("no-caps", "caps", "warn")
            .put("maxCapsRatio", 0.5)));

    assertThat(enable.succeeded()).isTrue();
  }

  @Test
  @DisplayName("fails when the bot is not in the guild, even with warn rules only")
  void notInGuildFails() {
    discord.notInGuild(GUILD);

    Future<Void> enable = automod.onEnable(GUILD, rules(rule("no-invites", "invite_links", "warn")));

    assertThat(enable.cause()).hasMessage("the bot is not in guild " + GUILD);
  }

  @Test
  @DisplayName("checks nothing for a config it refuses")
  void invalidConfigIsNotChecked() {
    Future<Void> enable = automod.onEnable(GUILD,
        rules(rule("broken", "regex", "delete").put("pattern", "(unclosed")));

    assertThat(enable.failed()).isTrue();
    assertThat(discord.checks()).isEmpty();
  }
}
