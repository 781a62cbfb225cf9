package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every bad input of the contract gets its error and changes nothing: not the head revision, not
 * the event log (read by JDBC), and nothing reaches the event bus. Each test ends with one valid
 * write whose event must be the very next one published, so "nothing published" cannot pass just
 * because the publisher was slow.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Bad input is refused and changes nothing")
class BadInputTest {

  private static final String MIB_OF_TEXT = "x".repeat(1024 * 1024);

  private static BackendFixture fixture;
  private static ApiClient api;
  /** A guild with a welcome and an automod config, so that refused writes have something to damage. */
  private static String guild;

  private record Baseline(long head, long eventRows, int published) {}

  /** One bad request: how to send it, and what the answer must be. */
  private record BadRequest(String what, Supplier<Future<HttpResponse<Buffer>>> send, int status, String code,
                            Consumer<JsonObject> errorCheck) {}

  @BeforeAll
  static void startBackend(Vertx vertx, VertxTestContext ctx) {
    guild = BackendFixture.newGuildId();
    BackendFixture.start(vertx, TestPostgres.freshDatabase())
        .compose(started -> {
          fixture = started;
          api = started.api();
          return api.putConfig(guild, "welcome", ModuleConfigs.welcome("before"));
        })
        .compose(response -> api.putConfig(guild, "automod", ModuleConfigs.automod(Configs.capsRule("caps"))))
        .map(Http::ok)
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stopBackend(VertxTestContext ctx) {
    fixture.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a body that is not a JSON object is 400 MALFORMED_JSON")
  void malformedJson(VertxTestContext ctx) {
    refuseAllAndChangeNothing(List.of(
        raw("{bad", 400, "MALFORMED_JSON"),
        raw("", 400, "MALFORMED_JSON"),
        raw("[{\"config\":{}}]", 400, "MALFORMED_JSON"),
        raw("null", 400, "MALFORMED_JSON"),
        raw("42", 400, "MALFORMED_JSON"),
        raw("{\"config\":{\"message\":\"hi\",\"channelId\":\"112233445566778899\"},\"config\":{\"dm\":true,\"message\":\"x\"}}",
            400, "MALFORMED_JSON"),
        raw("{\"config\":{\"message\":\"hi\",\"message\":\"ho\",\"channelId\":\"112233445566778899\"}}", 400,
            "MALFORMED_JSON"),
        raw("\"config\"", 400, "MALFORMED_JSON"),
        raw("{\"config\":{\"message\":\"hi\",\"channelId\":\"112233445566778899\"}} trailing", 400, "MALFORMED_JSON"),
        rawBytes("an overlong '/' (C0 AF) inside a string", "{\"config\":{\"channelId\":\"112233445566778899\",\"message\":\"a",
            new byte[] {(byte) 0xC0, (byte) 0xAF}, "b\"}}"),
        rawBytes("a lone continuation byte", "{\"config\":{\"channelId\":\"112233445566778899\",\"message\":\"a",
            new byte[] {(byte) 0x80}, "\"}}"),
        rawBytes("an encoded surrogate (ED A0 80)", "{\"config\":{\"channelId\":\"112233445566778899\",\"message\":\"a",
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}}"),
        rawBytes("a truncated sequence at the end", "{\"config\":{}}", new byte[] {(byte) 0xE2, (byte) 0x82}, ""),
        new BadRequest("a PUT without a body", () -> api.request(HttpMethod.PUT, ApiClient.modulePath(guild, "welcome"))
            .send(), 400, "MALFORMED_JSON", error -> {})), ctx);
  }

  @Test
  @DisplayName("a JSON body that is not {\"config\":{...},\"enabled\":bool?} is 400 INVALID_REQUEST")
  void invalidEnvelope(VertxTestContext ctx) {
    JsonObject config = ModuleConfigs.welcome("valid config");
    refuseAllAndChangeNothing(List.of(
        body("no config", new JsonObject().put("enabled", true), 400, "INVALID_REQUEST"),
        body("config null", new JsonObject().putNull("config"), 400, "INVALID_REQUEST"),
        body("config a string", new JsonObject().put("config", "{}"), 400, "INVALID_REQUEST"),
        body("config an array", new JsonObject().put("config", new JsonArray().add(config)), 400, "INVALID_REQUEST"),
        body("config a number", new JsonObject().put("config", 1), 400, "INVALID_REQUEST"),
        body("an unknown envelope field", new JsonObject().put("config", config).put("enable", true), 400,
            "INVALID_REQUEST"),
        body("the config unwrapped", config, 400, "INVALID_REQUEST"),
        body("enabled a string", new JsonObject().put("config", config).put("enabled", "true"), 400, "INVALID_REQUEST"),
        body("enabled a number", new JsonObject().put("config", config).put("enabled", 1), 400, "INVALID_REQUEST")),
        ctx);
  }

  @Test
  @DisplayName("an unknown module is 404 UNKNOWN_MODULE and a bad guild id is 400 INVALID_GUILD_ID")
  void unknownModuleAndBadGuildIds(VertxTestContext ctx) {
    JsonObject valid = new JsonObject().put("config", ModuleConfigs.welcome("hi"));
    List<BadRequest> cases = new ArrayList<>(List.of(
        new BadRequest("PUT of an unknown module", () -> api.put(guild, "welcom", valid), 404, "UNKNOWN_MODULE",
            error -> {}),
        new BadRequest("enable of an unknown module", () -> api.enable(guild, "nosuch"), 404, "UNKNOWN_MODULE",
            error -> {}),
        new BadRequest("DELETE of an unknown module", () -> api.delete(guild, "nosuch"), 404, "UNKNOWN_MODULE",
            error -> {}),
        new BadRequest("GET of an unknown module", () -> api.getState(guild, "nosuch"), 404, "UNKNOWN_MODULE",
            error -> {})));
    for (String badGuild : List.of("123", "abc", "12345678901234567890", "0123456789012345678",
        "9223372036854775808", "-112233445566778899", "1122334455667788.9")) {
      cases.add(new BadRequest("PUT to guild " + badGuild, () -> api.put(badGuild, "welcome", valid), 400,
          "INVALID_GUILD_ID", error -> {}));
      cases.add(new BadRequest("disable in guild " + badGuild, () -> api.disable(badGuild, "welcome"), 400,
          "INVALID_GUILD_ID", error -> {}));
      cases.add(new BadRequest("GET of guild " + badGuild, () -> api.get("/api/guilds/" + badGuild + "/modules"), 400,
          "INVALID_GUILD_ID", error -> {}));
    }
    refuseAllAndChangeNothing(cases, ctx);
  }

  @Test
  @DisplayName("a welcome config that breaks the schema is 422 SCHEMA_VIOLATION with the location of each fault")
  void welcomeSchemaViolations(VertxTestContext ctx) {
    refuseAllAndChangeNothing(List.of(
        schemaViolation("message missing", "welcome", new JsonObject().put("channelId", ModuleConfigs.CHANNEL_ID),
            "/", "message"),
        schemaViolation("message of 2001 characters", "welcome", ModuleConfigs.welcome("m".repeat(2001)), "/message", null),
        schemaViolation("empty message", "welcome", ModuleConfigs.welcome(""), "/message", null),
        schemaViolation("channelId not a snowflake", "welcome",
            ModuleConfigs.welcome("hi").put("channelId", "general"), "/channelId", null),
        schemaViolation("channelId a number", "welcome",
            ModuleConfigs.welcome("hi").put("channelId", 112233445566778899L), "/channelId", null),
        schemaViolation("no channel and no dm", "welcome", new JsonObject().put("message", "hi"), "/", "channelId"),
        schemaViolation("dm not a boolean", "welcome", ModuleConfigs.welcome("hi").put("dm", "yes"), "/dm", null),
        schemaViolation("a message of 1,001 emoji: 2,002 UTF-16 units, as Discord counts", "welcome",
            ModuleConfigs.welcome("\uD83D\uDE00".repeat(1001)), "/message", "UTF-16"),
        schemaViolation("a channel id of 20 digits", "welcome",
            ModuleConfigs.welcome("hi").put("channelId", "99999999999999999999"), "/channelId", null),
        schemaViolation("a channel id above 2^63-1", "welcome",
            ModuleConfigs.welcome("hi").put("channelId", "9223372036854775808"), "/channelId", "snowflake"),
        unknownProperty("an unknown property", "welcome", ModuleConfigs.welcome("hi").put("colour", "blue"), "/colour",
            "colour")),
        ctx);
  }

  @Test
  @DisplayName("an automod config that breaks the schema or its rules is 422 SCHEMA_VIOLATION")
  void automodSchemaViolations(VertxTestContext ctx) {
    JsonObject ok = Configs.capsRule("ok");
    JsonObject[] tooMany = IntStream.range(0, 101).mapToObj(i -> Configs.capsRule("rule-" + i))
        .toArray(JsonObject[]::new);
    refuseAllAndChangeNothing(List.of(
        schemaViolation("rules missing", "automod", new JsonObject(), "/", "rules"),
        schemaViolation("a rule without action", "automod",
            ModuleConfigs.automod(ok, new JsonObject().put("id", "r").put("type", "invite_links")), "/rules/1", "action"),
        schemaViolation("a regex rule without pattern", "automod",
            ModuleConfigs.automod(ok, new JsonObject().put("id", "r").put("type", "regex").put("action", "delete")),
            "/rules/1", "pattern"),
        schemaViolation("a timeout without timeoutSeconds", "automod",
            ModuleConfigs.automod(ok, new JsonObject().put("id", "r").put("type", "invite_links").put("action", "timeout")),
            "/rules/1", "timeoutSeconds"),
        schemaViolation("an unknown rule type", "automod",
            ModuleConfigs.automod(new JsonObject().put("id", "r").put("type", "emoji_spam").put("action", "delete")),
            "/rules/0/type", null),
        schemaViolation("101 rules", "automod", ModuleConfigs.automod(tooMany), "/rules", null),
        unknownProperty("an unknown property in a rule", "automod",
            ModuleConfigs.automod(Configs.capsRule("c").put("severity", 3)), "/rules/0/severity", "severity"),
        schemaViolation("a lookbehind regex", "automod",
            ModuleConfigs.automod(ok, Configs.regexRule("r", "(?<=a)b")), "/rules/1/pattern", null),
        schemaViolation("an unclosed group", "automod",
            ModuleConfigs.automod(ok, ok.copy().put("id", "ok2"), Configs.regexRule("r", "(unclosed")), "/rules/2/pattern",
            null),
        schemaViolation("a repeat count RE2 refuses", "automod",
            ModuleConfigs.automod(ok, Configs.regexRule("r", "a{1,100000}")), "/rules/1/pattern", null),
        schemaViolation("a 27-character pattern that would compile into 10^9 instructions", "automod",
            ModuleConfigs.automod(Configs.regexRule("r", "(?:(?:a{1000}){1000}){1000}")), "/rules/0/pattern",
            "instructions"),
        schemaViolation("a pattern of a million instructions", "automod",
            ModuleConfigs.automod(ok, Configs.regexRule("r", "(a{1000}){999}")), "/rules/1/pattern", "instructions"),
        schemaViolation("ten patterns within the limit each, too large together", "automod",
            ModuleConfigs.automod(IntStream.range(0, 10).mapToObj(i -> Configs.regexRule("r" + i, "(a{100}){" + (10 + i) + "}"))
                .toArray(JsonObject[]::new)), null, "together"),
        schemaViolation("groups nested 101 deep", "automod",
            ModuleConfigs.automod(Configs.regexRule("r", "(".repeat(101) + "a" + ")".repeat(101))), "/rules/0/pattern",
            "nests"),
        schemaViolation("a backreference", "automod",
            ModuleConfigs.automod(Configs.regexRule("r", "(a)\\1")), "/rules/0/pattern", null),
        schemaViolation("maxMentions of 3000000000", "automod", ModuleConfigs.automod(new JsonObject().put("id", "m")
            .put("type", "mass_mentions").put("maxMentions", 3_000_000_000L).put("action", "delete")),
            "/rules/0/maxMentions", null),
        schemaViolation("maxMentions of 1001", "automod", ModuleConfigs.automod(new JsonObject().put("id", "m")
            .put("type", "mass_mentions").put("maxMentions", 1001).put("action", "delete")),
            "/rules/0/maxMentions", null),
        schemaViolation("a rule id of 33 emoji (66 UTF-16 units)", "automod",
            ModuleConfigs.automod(Configs.capsRule("\uD83D\uDE00".repeat(33))), "/rules/0/id", "UTF-16"),
        schemaViolation("duplicate rule ids", "automod",
            ModuleConfigs.automod(Configs.capsRule("same"), Configs.capsRule("same")), "/rules/1/id", "same")),
        ctx);
  }

  @Test
  @DisplayName("text PostgreSQL cannot store (a NUL character, an unpaired surrogate) is 422, not a failed commit")
  void textTheDatabaseCannotStore(VertxTestContext ctx) {
    refuseAllAndChangeNothing(List.of(
        unstorable("a NUL in the welcome message", "welcome",
            "{\"channelId\":\"112233445566778899\",\"message\":\"a\\u0000b\"}", "/message"),
        unstorable("an unpaired surrogate in the welcome message", "welcome",
            "{\"channelId\":\"112233445566778899\",\"message\":\"a\\ud800b\"}", "/message"),
        unstorable("a NUL in a banned word", "automod",
            "{\"rules\":[{\"id\":\"w\",\"type\":\"banned_words\",\"words\":[\"ok\",\"x\\u0000\"],"
                + "\"action\":\"delete\"}]}", "/rules/0/words/1")), ctx);
  }

  @Test
  @DisplayName("a config over 1 MiB and a body far over the limit are 413 PAYLOAD_TOO_LARGE")
  void tooLarge(VertxTestContext ctx) {
    // The config is just over 1 MiB of JSON; the body around it stays under the body limit
    JsonObject justOver = ModuleConfigs.welcome(MIB_OF_TEXT);
    assertThat(justOver.toBuffer().length()).isGreaterThan(1024 * 1024).isLessThan(1024 * 1024 + 1024);
    Buffer farOver = Buffer.buffer("{\"config\":{\"message\":\"" + "y".repeat(3 * 1024 * 1024) + "\"}}");
    refuseAllAndChangeNothing(List.of(
        new BadRequest("a config just over 1 MiB", () -> api.putConfig(guild, "welcome", justOver), 413,
            "PAYLOAD_TOO_LARGE", error -> assertThat(error.getJsonObject("details").getInteger("limit"))
                .isEqualTo(1024 * 1024)),
        new BadRequest("a valid automod config of 1 MiB and 1 byte", () -> api.putConfig(guild, "automod",
            Configs.automodOfSize(1024 * 1024 + 1)), 413, "PAYLOAD_TOO_LARGE", error -> {}),
        new BadRequest("a 3 MiB body", () -> api.putRaw(guild, "welcome", farOver), 413, "PAYLOAD_TOO_LARGE",
            error -> {})), ctx);
  }

  @Test
  @DisplayName("a valid config of exactly 1 MiB is accepted, stored and published whole")
  void configOfExactlyOneMibIsAccepted(VertxTestContext ctx) {
    String other = BackendFixture.newGuildId();
    JsonObject config = Configs.automodOfSize(1024 * 1024);
    assertThat(config.toBuffer().length()).isEqualTo(1024 * 1024);
    api.putConfig(other, "automod", config)
        .compose(response -> {
          JsonObject state = Http.state(response);
          assertThat(state.getJsonObject("config")).isEqualTo(config);
          long revision = state.getLong("revision");
          return fixture.events().awaitRevision(revision)
              .map(published -> published.stream().filter(event -> event.revision() == revision).findFirst()
                  .orElseThrow());
        })
        .map(event -> {
          assertThat(event.guildId()).isEqualTo(other);
          assertThat(event.config()).isEqualTo(config);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a form body is 415, a missing or wrong token 401, and an If-Match that is no version 400")
  void mediaTypeTokensAndIfMatch(VertxTestContext ctx) {
    JsonObject valid = new JsonObject().put("config", ModuleConfigs.welcome("would be valid"));
    String path = ApiClient.modulePath(guild, "welcome");
    refuseAllAndChangeNothing(List.of(
        new BadRequest("a form-encoded body", () -> api.request(HttpMethod.PUT, path)
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("config", "{}")), 415, "UNSUPPORTED_MEDIA_TYPE",
            error -> {}),
        new BadRequest("a text/plain body", () -> api.request(HttpMethod.PUT, path)
            .putHeader("Content-Type", "text/plain")
            .sendBuffer(valid.toBuffer()), 415, "UNSUPPORTED_MEDIA_TYPE", error -> {}),
        new BadRequest("no token", () -> api.anonymous().put(guild, "welcome", valid), 401, "UNAUTHORIZED",
            error -> {}),
        new BadRequest("a wrong token", () -> api.withToken("wrong").put(guild, "welcome", valid), 401, "UNAUTHORIZED",
            error -> {}),
        new BadRequest("a wrong token on DELETE", () -> api.withToken("wrong").delete(guild, "welcome"), 401,
            "UNAUTHORIZED", error -> {}),
        new BadRequest("If-Match \"abc\"", () -> api.request(HttpMethod.PUT, path).putHeader("If-Match", "\"abc\"")
            .sendJsonObject(valid), 400, "INVALID_REQUEST", error -> {}),
        ifMatch("a weak ETag W/\"1\" (If-Match compares strongly)", path, "W/\"1\""),
        ifMatch("a signed version \"+1\"", path, "\"+1\""),
        ifMatch("an unquoted version 1", path, "1"),
        ifMatch("a list of two versions", path, "\"1\", \"2\""),
        ifMatch("Arabic-Indic digits", path, "\"\u0661\""),
        new BadRequest("two If-Match headers", () -> api.request(HttpMethod.PUT, path)
            .putHeader("If-Match", List.of("\"1\"", "\"2\"")).sendJsonObject(valid), 400, "INVALID_REQUEST",
            error -> {}),
        new BadRequest("If-Match \"abc\" on disable", () -> api.request(HttpMethod.POST, path + "/disable")
            .putHeader("If-Match", "\"abc\"").send(), 400, "INVALID_REQUEST", error -> {})), ctx);
  }

  @Test
  @DisplayName("query numbers are ASCII digits: after=+5, after=\u0665 and limit=+1 are 400 INVALID_REQUEST")
  void strictQueryNumbers(VertxTestContext ctx) {
    refuseAllAndChangeNothing(List.of(
        new BadRequest("after=+5", () -> api.get("/api/events?after=%2B5"), 400, "INVALID_REQUEST", error -> {}),
        new BadRequest("after=\u0665", () -> api.get("/api/events?after=%D9%A5"), 400, "INVALID_REQUEST", error -> {}),
        new BadRequest("limit=+1", () -> api.get("/api/events?after=0&limit=%2B1"), 400, "INVALID_REQUEST",
            error -> {}),
        new BadRequest("shards=+0/1", () -> api.get("/api/state/digest?shards=%2B0/1"), 400, "INVALID_REQUEST",
            error -> {})), ctx);
  }

  @Test
  @DisplayName("the limits' edges are accepted: a message of 1,000 emoji, a 19-digit channel id of 2^63-1, 1000 mentions")
  void limitsAtTheirEdgesAreAccepted(VertxTestContext ctx) {
    String other = BackendFixture.newGuildId();
    api.putConfig(other, "welcome", ModuleConfigs.welcome("\uD83D\uDE00".repeat(1000)).put("channelId", "9223372036854775807"))
        .map(Http::state)
        .compose(state -> api.putConfig(other, "automod", ModuleConfigs.automod(new JsonObject().put("id", "m")
            .put("type", "mass_mentions").put("maxMentions", 1000).put("action", "delete"))))
        .map(Http::state)
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a hostile but valid RE2 pattern such as (a+)+$ is accepted: RE2 matches in linear time")
  void catastrophicBacktrackingPatternIsAccepted(VertxTestContext ctx) {
    String other = BackendFixture.newGuildId();
    JsonObject config = ModuleConfigs.automod(Configs.regexRule("redos", "(a+)+$"), Configs.regexRule("nested", "(x+x+)+y"));
    api.putConfig(other, "automod", config)
        .map(response -> {
          JsonObject state = Http.state(response);
          assertThat(state.getJsonObject("config")).isEqualTo(config);
          assertThat(state.getBoolean("enabled")).isTrue();
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  // --- the check every test above goes through ---

  private void refuseAllAndChangeNothing(List<BadRequest> cases, VertxTestContext ctx) {
    baseline()
        .compose(baseline -> Futures.sequentially(cases, bad -> bad.send().get()
                .map(response -> {
                  JsonObject error = Http.error(response, bad.status(), bad.code());
                  bad.errorCheck().accept(error);
                  return null;
                })
                .recover(failure -> Future.failedFuture(new AssertionError("case '" + bad.what() + "': "
                    + failure.getMessage(), failure)))
                .compose(v -> assertUnchanged(baseline, bad.what())))
            .compose(v -> nextValidWriteIsTheNextEvent(baseline)))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<Baseline> baseline() {
    return fixture.settledHead().compose(head -> fixture.queryLong("SELECT count(*) FROM module_event")
        .map(rows -> new Baseline(head, rows, fixture.events().size())));
  }

  private static Future<Void> assertUnchanged(Baseline baseline, String what) {
    return api.head()
        .compose(head -> fixture.queryLong("SELECT count(*) FROM module_event").map(rows -> {
          assertThat(head).as("head revision after %s", what).isEqualTo(baseline.head());
          assertThat(rows).as("event rows after %s", what).isEqualTo(baseline.eventRows());
          assertThat(fixture.events().size()).as("events published after %s", what).isEqualTo(baseline.published());
          return null;
        }))
        .compose(v -> api.get("/api/guilds/" + guild + "/modules"))
        .map(response -> {
          assertThat(Http.ok(response).getJsonArray("modules").stream().map(s -> ((JsonObject) s).getLong("version")))
              .as("versions of the guild's configs after %s", what).containsExactlyInAnyOrder(1L, 1L);
          return null;
        });
  }

  /** A valid write after the refusals: its event must be the first one published since the baseline. */
  private static Future<Void> nextValidWriteIsTheNextEvent(Baseline baseline) {
    String other = BackendFixture.newGuildId();
    return api.putConfig(other, "welcome", ModuleConfigs.welcome("valid after the refusals"))
        .compose(response -> {
          assertThat(Http.state(response).getLong("revision")).isEqualTo(baseline.head() + 1);
          return fixture.publishedSince(baseline.published(), baseline.head() + 1);
        })
        .map(published -> {
          assertThat(published)
              .extracting(ModuleChangeEvent::revision, ModuleChangeEvent::guildId, ModuleChangeEvent::action)
              .containsExactly(tuple(baseline.head() + 1, other, ModuleAction.ENABLED));
          return null;
        });
  }

  private static BadRequest raw(String body, int status, String code) {
    return new BadRequest("body " + (body.length() > 40 ? body.substring(0, 40) + "..." : "'" + body + "'"),
        () -> api.putRaw(guild, "welcome", Buffer.buffer(body)), status, code, error -> {});
  }

  /** A body of {@code before}, raw bytes, then {@code after}: 400 MALFORMED_JSON, saying it is not UTF-8. */
  private static BadRequest rawBytes(String what, String before, byte[] bytes, String after) {
    Buffer body = Buffer.buffer(before).appendBytes(bytes).appendString(after);
    return new BadRequest("invalid UTF-8: " + what, () -> api.putRaw(guild, "welcome", body), 400, "MALFORMED_JSON",
        error -> assertThat(error.getString("message")).contains("UTF-8"));
  }

  private static BadRequest ifMatch(String what, String path, String ifMatch) {
    return new BadRequest("If-Match: " + what, () -> api.request(HttpMethod.PUT, path).putHeader("If-Match", ifMatch)
        .sendJsonObject(new JsonObject().put("config", ModuleConfigs.welcome("would be valid"))), 400, "INVALID_REQUEST",
        error -> assertThat(error.getString("message")).contains("If-Match"));
  }

  private static BadRequest body(String what, JsonObject body, int status, String code) {
    return new BadRequest(what, () -> api.put(guild, "welcome", body), status, code, error -> {});
  }

  /**
   * A config refused with 422; {@code location}, when given, must be among the details, and
   * {@code mentioned}, when given, must appear in one of them. None may call a declared property
   * unknown.
   */
  private static BadRequest schemaViolation(String what, String moduleId, JsonObject config, String location,
                                            String mentioned) {
    return refusedConfig(what, moduleId, config, details -> {
      if (location != null) {
        assertThat(details).as("details of %s", what).extracting(detail -> detail.getString("location"))
            .contains(location);
      }
      if (mentioned != null) {
        assertThat(details).as("details of %s", what)
            .anySatisfy(detail -> assertThat(detail.getString("message")).contains(mentioned));
      }
      assertThat(details).as("details of %s", what)
          .noneSatisfy(detail -> assertThat(detail.getString("message")).contains("unknown property"));
    });
  }

  /** A config refused with 422 because of a property the schema does not declare, named at its location. */
  private static BadRequest unknownProperty(String what, String moduleId, JsonObject config, String location,
                                            String property) {
    return refusedConfig(what, moduleId, config, details -> assertThat(details).as("details of %s", what)
        .anySatisfy(detail -> {
          assertThat(detail.getString("location")).isEqualTo(location);
          assertThat(detail.getString("message")).contains("unknown property '" + property + "'");
        }));
  }

  /** A config, sent as written, that passes the schema but holds text the database cannot store as is. */
  private static BadRequest unstorable(String what, String moduleId, String configJson, String location) {
    return new BadRequest(what, () -> api.putRaw(guild, moduleId, Buffer.buffer("{\"config\":" + configJson + "}")),
        422, "SCHEMA_VIOLATION", error -> assertThat(Http.violations(error)).as("details of %s", what)
            .extracting(detail -> detail.getString("location")).containsExactly(location));
  }

  private static BadRequest refusedConfig(String what, String moduleId, JsonObject config,
                                          Consumer<List<JsonObject>> detailsCheck) {
    return new BadRequest(what, () -> api.putConfig(guild, moduleId, config), 422, "SCHEMA_VIOLATION",
        error -> detailsCheck.accept(Http.violations(error)));
  }
}
