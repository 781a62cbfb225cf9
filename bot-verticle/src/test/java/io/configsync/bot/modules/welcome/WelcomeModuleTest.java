package io.configsync.bot.modules.welcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.discord.MemberJoined;
import io.configsync.bot.discord.RecordingDiscordPort;
import io.configsync.bot.discord.RecordingDiscordPort.CanPostCheck;
import io.configsync.bot.discord.RecordingDiscordPort.PermissionsCheck;
import io.configsync.bot.discord.RecordingDiscordPort.SentDirectMessage;
import io.configsync.bot.discord.RecordingDiscordPort.SentMessage;
import io.configsync.bot.modules.GuildConfigModule;
import io.configsync.bot.sync.CompactJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Welcome module")
class WelcomeModuleTest {

  private static final String GUILD = "111111111111111111";
  private static final String OTHER_GUILD = "999999999999999999";
  private static final String CHANNEL = "333333333333333333";
  private static final String USER = "222222222222222222";

  private final RecordingDiscordPort discord = new RecordingDiscordPort();
  private final WelcomeModule welcome = new WelcomeModule(discord);

  private static MemberJoined annJoins(String guildId) {
    return new MemberJoined(guildId, "Cat Lovers", 42, USER, "Ann", "<@" + USER + ">");
  }

  private static JsonObject config(String message) {
    return new JsonObject().put("channelId", CHANNEL).put("message", message);
  }

  @Test
  @DisplayName("has the id the backend registers")
  void id() {
    assertThat(welcome.id()).isEqualTo("welcome");
  }

  @Test
  @DisplayName("posts the rendered message in the configured channel when a member joins")
  void postsInChannel() {
    // GIVEN
    assertThat(welcome.onEnable(GUILD,
        config("{user.mention} joined {server} as #{memberCount}, hi {user}!")).succeeded()).isTrue();

    // WHEN
    welcome.onMemberJoined(annJoins(GUILD));

    // THEN
    assertThat(discord.calls()).containsExactly(new SentMessage(CHANNEL,
        "<@222222222222222222> joined Cat Lovers as #42, hi Ann!"));
  }

  @Test
  @DisplayName("sends the message to the member directly when dm is true")
  void sendsDirectMessage() {
    welcome.onEnable(GUILD, config("Welcome to {server}, {user}").put("dm", true));

    welcome.onMemberJoined(annJoins(GUILD));

    assertThat(discord.calls())
        .containsExactly(new SentDirectMessage(USER, "Welcome to Cat Lovers, Ann"));
  }

  @Test
  @DisplayName("accepts dm without a channel")
  void dmWithoutChannel() {
    JsonObject dmOnly = new JsonObject().put("message", "Hi {user}").put("dm", true);

    assertThat(welcome.onEnable(GUILD, dmOnly).succeeded()).isTrue();
    welcome.onMemberJoined(annJoins(GUILD));

    assertThat(discord.calls()).containsExactly(new SentDirectMessage(USER, "Hi Ann"));
  }

  @Test
  @DisplayName("does nothing for a guild that never enabled it")
  void ignoresUnconfiguredGuild() {
    welcome.onEnable(GUILD, config("Hi"));

    welcome.onMemberJoined(annJoins(OTHER_GUILD));

    assertThat(discord.calls()).isEmpty();
  }

  @Test
  @DisplayName("does nothing once disabled for the guild")
  void ignoresDisabledGuild() {
    welcome.onEnable(GUILD, config("Hi"));

    assertThat(welcome.onDisable(GUILD).succeeded()).isTrue();
    welcome.onMemberJoined(annJoins(GUILD));

    assertThat(discord.calls()).isEmpty();
  }

  @Test
  @DisplayName("uses the new message and channel after a config update")
  void configUpdateTakesEffect() {
    welcome.onEnable(GUILD, config("Old"));

    assertThat(welcome.onConfigUpdate(GUILD, new JsonObject()
        .put("channelId", "444444444444444444").put("message", "New {user}")).succeeded()).isTrue();
    welcome.onMemberJoined(annJoins(GUILD));

    assertThat(discord.calls()).containsExactly(new SentMessage("444444444444444444", "New Ann"));
  }

  @Test
  @DisplayName("refuses an invalid config and keeps the previous one")
  void invalidConfigKeepsPrevious() {
    welcome.onEnable(GUILD, config("Old"));

    Future<Void> update = welcome.onConfigUpdate(GUILD, new JsonObject().put("message", ""));
    welcome.onMemberJoined(annJoins(GUILD));

    assertThat(update.failed()).isTrue();
    assertThat(update.cause()).hasMessageContaining(GUILD).hasMessageContaining("message");
    assertThat(discord.calls()).containsExactly(new SentMessage(CHANNEL, "Old"));
  }

  @Test
  @DisplayName("refuses a channel message without a channel")
  void channelRequiredUnlessDm() {
    Future<Void> enable = welcome.onEnable(GUILD, new JsonObject().put("message", "Hi"));

    assertThat(enable.failed()).isTrue();
    assertThat(enable.cause()).hasMessageContaining("channelId");
  }

  @Test
  @DisplayName("cuts a rendered message to Discord's 2000 characters")
  void cutsLongMessages() {
    welcome.onEnable(GUILD, config("{server}".repeat(250)));

    welcome.onMemberJoined(annJoins(GUILD));

    assertThat(discord.calls(SentMessage.class)).singleElement()
        .satisfies(sent -> assertThat(sent.content()).hasSize(2000).startsWith("Cat Lovers"));
  }

  @Test
  @DisplayName("swallows a failing send: nothing is thrown back to Discord")
  void portFailureIsNotThrown() {
    discord.failEveryCall("Missing access");
    welcome.onEnable(GUILD, config("Hi"));

    welcome.onMemberJoined(annJoins(GUILD));

    assertThat(discord.calls()).hasSize(1);
  }

  @Test
  @DisplayName("checks that it can post in the channel, and succeeds when it can")
  void checksChannelOnEnable() {
    Future<Void> enable = welcome.onEnable(GUILD, config("Hi"));

    assertThat(enable.succeeded()).isTrue();
    assertThat(discord.checks()).containsExactly(new CanPostCheck(GUILD, CHANNEL));
  }

  @Test
  @DisplayName("fails naming a missing channel, yet holds the config: a join sends nothing anywhere")
  void missingChannelFailsButConfigIsHeld() {
    // GIVEN
    discord.channelMissing(CHANNEL);

    // WHEN
    Future<Void> enable = welcome.onEnable(GUILD, config("Hi {user}"));

    // THEN the apply status carries the reason
    assertThat(enable.failed()).isTrue();
    assertThat(enable.cause())
        .hasMessage("channel " + CHANNEL + " does not exist in guild " + GUILD);
    // AND the config is held: a join tries the configured channel only, Discord refuses it, and
    // nothing is thrown back to the event loop
    welcome.onMemberJoined(annJoins(GUILD));
    assertThat(discord.calls()).containsExactly(new SentMessage(CHANNEL, "Hi Ann"));
  }

  @Test
  @DisplayName("fails when the bot may not send in the channel")
  void missingSendPermissionFails() {
    discord.sendDenied(CHANNEL);

    Future<Void> enable = welcome.onEnable(GUILD, config("Hi"));

    assertThat(enable.failed()).isTrue();
    assertThat(enable.cause()).hasMessageContaining("Send Messages").hasMessageContaining(CHANNEL);
  }

  @Test
  @DisplayName("an update to a missing channel fails, and the update is what is held")
  void updateToMissingChannelIsHeldAndFails() {
    welcome.onEnable(GUILD, config("Old"));
    discord.channelMissing("444444444444444444");

    Future<Void> update = welcome.onConfigUpdate(GUILD, new JsonObject()
        .put("channelId", "444444444444444444").put("message", "New"));
    welcome.onMemberJoined(annJoins(GUILD));

    assertThat(update.failed()).isTrue();
    assertThat(update.cause()).hasMessageContaining("444444444444444444");
    assertThat(discord.calls()).containsExactly(new SentMessage("444444444444444444", "New"));
  }

  @Test
  @DisplayName("a DM welcome checks no channel, only that the bot is in the guild")
  void dmChecksNoChannel() {
    Future<Void> enable = welcome.onEnable(GUILD, config("Hi").put("dm", true));

    assertThat(enable.succeeded()).isTrue();
    assertThat(discord.checks()).containsExactly(new PermissionsCheck(GUILD, Set.of()));
  }

  @Test
  @DisplayName("fails when the bot is not in the guild, DM or not")
  void notInGuildFails() {
    discord.notInGuild(GUILD);

    Future<Void> inChannel = welcome.onEnable(GUILD, config("Hi"));
    Future<Void> byDm = welcome.onConfigUpdate(GUILD, config("Hi").put("dm", true));

    assertThat(inChannel.cause()).hasMessage("the bot is not in guild " + GUILD);
    assertThat(byDm.cause()).hasMessage("the bot is not in guild " + GUILD);
  }

  @Test
  @DisplayName("checks nothing for a config it refuses")
  void invalidConfigIsNotChecked() {
    Future<Void> enable = welcome.onEnable(GUILD, new JsonObject().put("message", "Hi"));

    assertThat(enable.failed()).isTrue();
    assertThat(discord.checks()).isEmpty();
  }

  @Test
  @DisplayName("acts on the held JSON it was given, read again after an update and after a refused one")
  void readsTheHeldConfigAgain() {
    // GIVEN a config enabled as the loader hands it, with the compact JSON the bot holds
    welcome.onConfig(GUILD, config("first {user}"), CompactJson.of(config("first {user}")), false);
    welcome.onMemberJoined(annJoins(GUILD));

    // WHEN it is updated after it was used, then an invalid update is refused
    welcome.onConfig(GUILD, config("second {user}"), CompactJson.of(config("second {user}")), true);
    welcome.onMemberJoined(annJoins(GUILD));
    JsonObject invalid = new JsonObject().put("channelId", "not-a-snowflake").put("message", "x");
    Future<Void> refused = welcome.onConfig(GUILD, invalid, CompactJson.of(invalid), true);
    welcome.onMemberJoined(annJoins(GUILD));

    // THEN each join used the config in force then: the parsed form of the first was not kept past the update
    assertThat(refused.failed()).isTrue();
    assertThat(discord.calls()).containsExactly(new SentMessage(CHANNEL, "first Ann"),
        new SentMessage(CHANNEL, "second Ann"), new SentMessage(CHANNEL, "second Ann"));
  }

  @Test
  @DisplayName("welcomes with each guild's own config when more guilds are in use than parsed configs are kept")
  void moreGuildsInUseThanParsedConfigsKept() {
    int guilds = GuildConfigModule.PARSED_KEPT + 500;
    for (int i = 0; i < guilds; i++) {
      welcome.onEnable(guild(i), new JsonObject().put("message", "Hi " + i).put("dm", true));
    }

    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < guilds; i++) {
        welcome.onMemberJoined(annJoins(guild(i)));
      }
    }

    List<RecordingDiscordPort.Call> expected = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < guilds; i++) {
        expected.add(new SentDirectMessage(USER, "Hi " + i));
      }
    }
    assertThat(discord.calls()).isEqualTo(expected);
  }

  private static String guild(int i) {
    return Long.toString(100_000_000_000_000_000L + i);
  }
}
