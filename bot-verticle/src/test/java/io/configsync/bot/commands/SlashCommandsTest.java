package io.configsync.bot.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.BotModule;
import io.configsync.bot.discord.DiscordEvents;
import io.configsync.bot.discord.RecordingDiscordPort;
import io.configsync.bot.discord.SlashCommandDefinition;
import io.configsync.bot.discord.SlashCommandInvoked;
import io.configsync.bot.sync.ModuleLoader;
import io.configsync.codecs.FailureCodes;
import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The slash commands driven as Discord would (through the recording port), against a real
 * consumer on the proposal address playing the backend's side of the contract.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Slash commands")
class SlashCommandsTest {

  private static final String GUILD = "111111111111111111";
  private static final String ADMIN = "222222222222222222";
  private static final String CHANNEL = "333333333333333333";
  private static final String OTHER_CHANNEL = "444444444444444444";
  private static final String THIRD_CHANNEL = "555555555555555555";
  private static final String BOT_ID = "bot-7";

  private final RecordingDiscordPort discord = new RecordingDiscordPort();
  private Context context;
  private ModuleLoader loader;
  private SlashCommands commands;
  private ProposalBackend backend;
  private long revision;
  private int interactions;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    context = vertx.getOrCreateContext();
    loader = new ModuleLoader(ShardSpec.ALL).register(new QuietModule("welcome")).register(new QuietModule("automod"));
    commands = new SlashCommands(new ConfigProposer(vertx, BOT_ID, ShardSpec.ALL), loader.heldConfigs());
    backend = ProposalBackend.start(vertx).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    backend.stop().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("are registered as /welcome channel|message|on|off and /automod add-word|list")
  void definitions() {
    assertThat(commands.definitions()).extracting(SlashCommandDefinition::name).containsExactly("welcome", "automod");
    assertThat(commands.definitions().get(0).subcommands()).extracting(SlashCommandDefinition.Subcommand::name)
        .containsExactly("channel", "message", "on", "off");
    assertThat(commands.definitions().get(1).subcommands()).extracting(SlashCommandDefinition.Subcommand::name)
        .containsExactly("add-word", "list");
  }

  @Test
  @DisplayName("refuse a member without Manage Server and propose nothing")
  void needManageServer() throws Exception {
    // GIVEN a welcome config, and the command arriving from Discord like any event
    bothHold("welcome", 4, welcome(CHANNEL, "Hi {user}"));
    DiscordEvents events = new DiscordEvents(context);
    events.register(commands);
    Promise<Void> answered = Promise.promise();
    SlashCommandInvoked invocation = new SlashCommandInvoked("900", GUILD, ADMIN, "admin_user", "welcome", "channel",
        Map.of("channel", OTHER_CHANNEL), false,
        content -> discord.replyTo("900").send(content).onComplete(answered));

    // WHEN
    events.deliver(invocation);
    answered.future().await(10, TimeUnit.SECONDS);

    // THEN
    assertThat(discord.replies())
        .containsExactly("You need the Manage Server permission to use /welcome channel.");
    assertThat(backend.proposals()).isEmpty();
  }

  @Test
  @DisplayName("answer a command this bot does not know")
  void unknownCommand() throws Exception {
    assertThat(use("welcome", "colour", Map.of())).isEqualTo("This bot does not know /welcome colour.");
    assertThat(backend.proposals()).isEmpty();
  }

  @Test
  @DisplayName("answer when no backend listens for proposals")
  void noBackend() throws Exception {
    bothHold("welcome", 4, welcome(CHANNEL, "Hi {user}"));
    backend.stop().await(10, TimeUnit.SECONDS);

    assertThat(use("welcome", "channel", Map.of("channel", OTHER_CHANNEL))).isEqualTo(
        "The welcome config was not changed: no ConfigSync backend is reachable. Try again later.");
  }

  @Nested
  @DisplayName("/welcome")
  class Welcome {

    @Test
    @DisplayName("channel proposes the held config with the channel replaced, based on the held version")
    void channel() throws Exception {
      bothHold("welcome", 4, welcome(CHANNEL, "Hi {user}").put("dm", false));

      String reply = use("welcome", "channel", Map.of("channel", OTHER_CHANNEL));

      assertThat(reply).isEqualTo("Welcome channel set to <#" + OTHER_CHANNEL + "> (version 5).");
      assertThat(backend.proposals()).containsExactly(new JsonObject()
          .put("botId", BOT_ID).put("shards", "0/1").put("guildId", GUILD).put("moduleId", "welcome")
          .put("baseVersion", 4).put("userId", ADMIN).put("userName", "admin_user").put("config", welcome(OTHER_CHANNEL, "Hi {user}")));
    }

    @Test
    @DisplayName("channel sets welcome up with a default message when there is no config")
    void channelFirstTime() throws Exception {
      String reply = use("welcome", "channel", Map.of("channel", CHANNEL));

      assertThat(reply).isEqualTo("Welcome channel set to <#" + CHANNEL + "> (version 1). New members get the"
          + " default message “Welcome to {server}, {user.mention}!”; change it with /welcome message.");
      assertThat(backend.proposals()).singleElement().satisfies(proposal -> {
        assertThat(proposal.getLong("baseVersion")).isZero();
        assertThat(proposal.getJsonObject("config"))
            .isEqualTo(welcome(CHANNEL, WelcomeChannelCommand.DEFAULT_MESSAGE));
      });
    }

    @Test
    @DisplayName("channel switches welcomes sent by direct message back to the channel")
    void channelInsteadOfDirectMessages() throws Exception {
      bothHold("welcome", 4, new JsonObject().put("message", "Hi").put("dm", true));

      String reply = use("welcome", "channel", Map.of("channel", CHANNEL));

      assertThat(reply).isEqualTo("Welcome channel set to <#" + CHANNEL + "> (version 5). Welcomes are posted"
          + " there instead of sent by direct message.");
      assertThat(backend.state(GUILD, "welcome").getJsonObject("config")).isEqualTo(welcome(CHANNEL, "Hi"));
    }

    @Test
    @DisplayName("channel of a welcome turned off keeps it off, and says so")
    void channelWhileOff() throws Exception {
      // The bot holds no config for a module turned off: it starts from the default message.
      backend.has(GUILD, "welcome", 4, false, welcome(CHANNEL, "Hi"));
      botHolds("welcome", 4, false, welcome(CHANNEL, "Hi"));

      String reply = use("welcome", "channel", Map.of("channel", OTHER_CHANNEL));

      assertThat(reply).isEqualTo("Welcome channel set to <#" + OTHER_CHANNEL + "> (version 5). New members get the"
          + " default message “Welcome to {server}, {user.mention}!”; change it with /welcome message."
          + " Welcome is off in this server; turn it on with /welcome on.");
      assertThat(backend.state(GUILD, "welcome").getBoolean("enabled")).isFalse();
      assertThat(backend.proposals()).singleElement()
          .satisfies(proposal -> assertThat(proposal.getLong("baseVersion")).isEqualTo(4));
    }

    @Test
    @DisplayName("message replaces the text of the held config")
    void message() throws Exception {
      bothHold("welcome", 4, welcome(CHANNEL, "Hi {user}"));

      String reply = use("welcome", "message", Map.of("text", "Hello {user.mention}, welcome to {server}"));

      assertThat(reply).isEqualTo("Welcome message set to “Hello {user.mention}, welcome to {server}” (version 5).");
      assertThat(backend.state(GUILD, "welcome").getJsonObject("config"))
          .isEqualTo(welcome(CHANNEL, "Hello {user.mention}, welcome to {server}"));
    }

    @Test
    @DisplayName("message without a config asks for a channel first and proposes nothing")
    void messageFirstTime() throws Exception {
      assertThat(use("welcome", "message", Map.of("text", "Hi")))
          .isEqualTo("Welcome is not set up in this server yet: pick a channel with /welcome channel first.");
      assertThat(backend.proposals()).isEmpty();
    }

    @Test
    @DisplayName("off and on switch it, keeping the config, each based on the version the previous answered")
    void offAndOn() throws Exception {
      bothHold("welcome", 4, welcome(CHANNEL, "Hi {user}"));

      assertThat(use("welcome", "off", Map.of())).isEqualTo("Welcome is now off (version 5).");
      // No event reached the bot yet: it still holds version 4, enabled.
      assertThat(use("welcome", "on", Map.of())).isEqualTo("Welcome is now on (version 6).");
      assertThat(use("welcome", "on", Map.of())).isEqualTo("Welcome was already on (version 6).");

      assertThat(backend.proposals()).extracting(proposal -> proposal.getLong("baseVersion")).containsExactly(4L, 5L, 6L);
      assertThat(backend.proposals()).extracting(proposal -> proposal.getValue("enabled"))
          .containsExactly(false, true, true);
      assertThat(backend.proposals()).allSatisfy(proposal -> assertThat(proposal.containsKey("config")).isFalse());
      assertThat(backend.state(GUILD, "welcome").getJsonObject("config")).isEqualTo(welcome(CHANNEL, "Hi {user}"));
    }

    @Test
    @DisplayName("on without a config says how to set it up")
    void onFirstTime() throws Exception {
      assertThat(use("welcome", "on", Map.of())).isEqualTo("The welcome config was not changed: module 'welcome'"
          + " has no config in guild " + GUILD + ". Set it up with /welcome channel.");
    }
  }

  @Nested
  @DisplayName("a conflict")
  class Conflict {

    @Test
    @DisplayName("is answered with the current version and what changed; running the command again applies it")
    void conflict() throws Exception {
      // GIVEN the bot holds version 4, while an admin already made version 5 on the dashboard
      botHolds("welcome", 4, true, welcome(CHANNEL, "Hi {user}"));
      backend.has(GUILD, "welcome", 5, true, welcome(THIRD_CHANNEL, "Hi {user}"));

      // WHEN
      String reply = use("welcome", "message", Map.of("text", "Hello!"));

      // THEN nothing is lost: the admin learns what changed, and the retry builds on it
      assertThat(reply).isEqualTo("Someone changed the welcome config meanwhile (now version 5: channel <#"
          + CHANNEL + "> → <#" + THIRD_CHANNEL + ">); run the command again.");
      assertThat(backend.state(GUILD, "welcome").getLong("version")).isEqualTo(5);

      assertThat(use("welcome", "message", Map.of("text", "Hello!")))
          .isEqualTo("Welcome message set to “Hello!” (version 6).");
      assertThat(backend.proposals().get(1).getLong("baseVersion")).isEqualTo(5);
      assertThat(backend.state(GUILD, "welcome").getJsonObject("config")).isEqualTo(welcome(THIRD_CHANNEL, "Hello!"));
    }

    @Test
    @DisplayName("names rules added, removed and changed, and a module turned off")
    void automodConflict() throws Exception {
      botHolds("automod", 2, true, rules(invites("no-invites"), bannedWords("no-swears", "heck")));
      backend.has(GUILD, "automod", 3, false, rules(bannedWords("no-swears", "heck", "darn"), caps("no-caps")));

      assertThat(use("automod", "add-word", Map.of("word", "drat"))).isEqualTo("Someone changed the automod config"
          + " meanwhile (now version 3: turned off; rule `no-caps` added; rule `no-invites` removed;"
          + " rule `no-swears` changed); run the command again.");
    }
  }

  @Test
  @DisplayName("answer the backend's refusal with its reason")
  void refusal() throws Exception {
    bothHold("welcome", 4, welcome(CHANNEL, "Hi {user}"));
    backend.refuseWith(FailureCodes.SCHEMA_VIOLATION,
        "the config does not match the welcome schema: must be at most 2000 characters at /message");

    assertThat(use("welcome", "message", Map.of("text", "Hi again"))).isEqualTo("The welcome config was not changed:"
        + " the config does not match the welcome schema: must be at most 2000 characters at /message.");
    assertThat(backend.state(GUILD, "welcome").getLong("version")).isEqualTo(4);
  }

  @Nested
  @DisplayName("/automod")
  class Automod {

    @Test
    @DisplayName("add-word appends to the first banned_words rule and leaves the other rules as they are")
    void addWordToRule() throws Exception {
      bothHold("automod", 2, rules(invites("no-invites"), bannedWords("no-swears", "heck"), bannedWords("other", "x")));

      String reply = use("automod", "add-word", Map.of("word", "  Darn "));

      assertThat(reply).isEqualTo("Added “Darn” to rule `no-swears` (version 3).");
      assertThat(backend.proposals()).singleElement().satisfies(proposal -> {
        assertThat(proposal.getLong("baseVersion")).isEqualTo(2);
        assertThat(proposal.getJsonObject("config"))
            .isEqualTo(rules(invites("no-invites"), bannedWords("no-swears", "heck", "Darn"), bannedWords("other", "x")));
      });
    }

    @Test
    @DisplayName("add-word creates a banned_words rule when there is none")
    void addWordCreatesRule() throws Exception {
      bothHold("automod", 2, rules(invites("banned-words")));

      String reply = use("automod", "add-word", Map.of("word", "heck"));

      assertThat(reply).isEqualTo("Created rule `banned-words-2`: messages with “heck” are deleted (version 3).");
      assertThat(backend.state(GUILD, "automod").getJsonObject("config")).isEqualTo(rules(invites("banned-words"),
          new JsonObject().put("id", "banned-words-2").put("type", "banned_words")
              .put("words", new JsonArray().add("heck")).put("action", "delete")));
    }

    @Test
    @DisplayName("add-word sets automod up when the guild has no config, and twice in a row builds on the first")
    void addWordsFirstTime() throws Exception {
      assertThat(use("automod", "add-word", Map.of("word", "heck")))
          .isEqualTo("Created rule `banned-words`: messages with “heck” are deleted (version 1).");
      assertThat(use("automod", "add-word", Map.of("word", "darn")))
          .isEqualTo("Added “darn” to rule `banned-words` (version 2).");

      assertThat(backend.proposals()).extracting(proposal -> proposal.getLong("baseVersion")).containsExactly(0L, 1L);
      assertThat(backend.state(GUILD, "automod").getJsonObject("config"))
          .isEqualTo(rules(bannedWords("banned-words", "heck", "darn").put("action", "delete")));
    }

    @Test
    @DisplayName("add-word of a word already banned proposes nothing")
    void addWordAlreadyBanned() throws Exception {
      bothHold("automod", 2, rules(bannedWords("no-swears", "heck")));

      assertThat(use("automod", "add-word", Map.of("word", "HECK")))
          .isEqualTo("“HECK” is already banned by rule `no-swears`; nothing changed.");
      assertThat(backend.proposals()).isEmpty();
    }

    @Test
    @DisplayName("list shows the held rules, reading nothing from the backend")
    void list() throws Exception {
      botHolds("automod", 7, true, rules(bannedWords("no-swears", "heck", "darn"), invites("no-invites"),
          caps("no-caps"), new JsonObject().put("id", "pings").put("type", "mass_mentions").put("maxMentions", 5)
              .put("action", "timeout").put("timeoutSeconds", 600)));

      assertThat(use("automod", "list", Map.of())).isEqualTo("""
          Automod rules (version 7):
          1. `no-swears` banned words “heck”, “darn” → warn
          2. `no-invites` invite links → delete
          3. `no-caps` over 70% capitals → warn
          4. `pings` more than 5 mentions → timeout for 600 seconds""");
      assertThat(backend.proposals()).isEmpty();
    }

    @Test
    @DisplayName("list says so when there are no rules")
    void listEmpty() throws Exception {
      assertThat(use("automod", "list", Map.of()))
          .isEqualTo("Automod has no rules in this server. Add a first rule with /automod add-word.");
    }
  }

  /** Uses a command as a member with Manage Server, and returns the answer. */
  private String use(String command, String subcommand, Map<String, String> options) throws Exception {
    String interactionId = Integer.toString(++interactions);
    SlashCommandInvoked invocation = new SlashCommandInvoked(interactionId, GUILD, ADMIN, "admin_user", command, subcommand,
        options, true, discord.replyTo(interactionId));
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> commands.handle(invocation).onComplete(done));
    done.future().await(10, TimeUnit.SECONDS);
    return discord.calls(RecordingDiscordPort.CommandReplied.class).stream()
        .filter(reply -> reply.interactionId().equals(interactionId))
        .map(RecordingDiscordPort.CommandReplied::content)
        .reduce((first, second) -> {
          throw new AssertionError("answered twice: " + first + " / " + second);
        })
        .orElseThrow(() -> new AssertionError("not answered"));
  }

  /** The backend and the bot both have this enabled config. */
  private void bothHold(String moduleId, long version, JsonObject config) throws Exception {
    backend.has(GUILD, moduleId, version, true, config.copy());
    botHolds(moduleId, version, true, config);
  }

  /** The bot applied this state, as if its event arrived. */
  private void botHolds(String moduleId, long version, boolean enabled, JsonObject config) throws Exception {
    ModuleChangeEvent event = new ModuleChangeEvent(++revision, GUILD, moduleId,
        enabled ? ModuleAction.ENABLED : ModuleAction.DISABLED, config, version, Instant.now(), "backend");
    Promise<ModuleLoader.Outcome> applied = Promise.promise();
    context.runOnContext(ignored -> applied.complete(loader.apply(event)));
    assertThat(applied.future().await(10, TimeUnit.SECONDS)).isEqualTo(ModuleLoader.Outcome.APPLIED);
  }

  private static JsonObject welcome(String channelId, String message) {
    return new JsonObject().put("channelId", channelId).put("message", message);
  }

  private static JsonObject rules(JsonObject... rules) {
    return new JsonObject().put("rules", new JsonArray(List.of((Object[]) rules)));
  }

  private static JsonObject bannedWords(String id, String... words) {
    return new JsonObject().put("id", id).put("type", "banned_words").put("words", new JsonArray(List.of((Object[]) words)))
        .put("action", "warn");
  }

  private static JsonObject invites(String id) {
    return new JsonObject().put("id", id).put("type", "invite_links").put("action", "delete");
  }

  private static JsonObject caps(String id) {
    return new JsonObject().put("id", id).put("type", "caps").put("maxCapsRatio", 0.7).put("action", "warn");
  }

  /** A module that accepts every config: the commands read what the loader holds, not the module. */
  private record QuietModule(String id) implements BotModule {

    @Override
    public Future<Void> onEnable(String guildId, JsonObject config) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> onDisable(String guildId) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> onConfigUpdate(String guildId, JsonObject config) {
      return Future.succeededFuture();
    }
  }
}
