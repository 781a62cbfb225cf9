package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.FailureCodes;
import io.configsync.codecs.GuildIds;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bot's proposal is checked exactly like an HTTP write, and the bot too: a refused one fails with
 * its failure code, and nothing is stored or published.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Bad bot proposals are refused and change nothing")
class BadProposalTest {

  private static final String MIB_OF_TEXT = "x".repeat(1024 * 1024);

  private static Vertx vertx;
  private static BackendFixture fixture;
  /** A guild with a welcome config at version 1, for proposals to damage. */
  private static String guild;

  private record BadProposal(String what, Object proposal, int code) {}

  @BeforeAll
  static void startBackend(Vertx testVertx, VertxTestContext ctx) {
    vertx = testVertx;
    guild = BackendFixture.newGuildId();
    BackendFixture.start(vertx, TestPostgres.freshDatabase())
        .compose(started -> {
          fixture = started;
          return started.api().putConfig(guild, "welcome", ModuleConfigs.welcome("before"));
        })
        .map(Http::state)
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stopBackend(VertxTestContext ctx) {
    fixture.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a guild outside the bot's shards is 403, an unknown module 404, a schema violation 422, a config over 1 MiB 413")
  void refusedLikeAnHttpWrite(VertxTestContext ctx) {
    int shard = GuildIds.shardOf(Long.parseLong(guild), 4);
    String otherShards = ((shard + 1) % 4) + "," + ((shard + 2) % 4) + "/4";
    refuseAllAndChangeNothing(List.of(
        new BadProposal("a guild outside the bot's shards",
            valid().put("shards", otherShards), FailureCodes.FORBIDDEN),
        new BadProposal("enabling, from a guild outside the bot's shards",
            Proposals.enabled(guild, "welcome", 1, false).put("shards", otherShards), FailureCodes.FORBIDDEN),
        new BadProposal("an unknown module",
            Proposals.config(guild, "welcom", 1, ModuleConfigs.welcome("hi")), FailureCodes.NOT_FOUND),
        new BadProposal("enabling a module never configured in the guild",
            Proposals.enabled(guild, "automod", 0, true), FailureCodes.NOT_FOUND),
        new BadProposal("a welcome config without message",
            Proposals.config(guild, "welcome", 1, new JsonObject().put("channelId", ModuleConfigs.CHANNEL_ID)),
            FailureCodes.SCHEMA_VIOLATION),
        new BadProposal("a welcome config with an unknown property",
            Proposals.config(guild, "welcome", 1, ModuleConfigs.welcome("hi").put("colour", "blue")),
            FailureCodes.SCHEMA_VIOLATION),
        new BadProposal("an automod regex RE2 refuses",
            Proposals.config(guild, "automod", 0, ModuleConfigs.automod(Configs.regexRule("r", "(?<=a)b"))),
            FailureCodes.SCHEMA_VIOLATION),
        new BadProposal("an automod regex that would compile into 10^9 instructions",
            Proposals.config(guild, "automod", 0, ModuleConfigs.automod(
                Configs.regexRule("r", "(?:(?:a{1000}){1000}){1000}"))), FailureCodes.SCHEMA_VIOLATION),
        new BadProposal("a config just over 1 MiB",
            Proposals.config(guild, "welcome", 1, ModuleConfigs.welcome(MIB_OF_TEXT)), FailureCodes.PAYLOAD_TOO_LARGE),
        new BadProposal("a valid automod config of 1 MiB and 1 byte",
            Proposals.config(guild, "automod", 0, Configs.automodOfSize(1024 * 1024 + 1)),
            FailureCodes.PAYLOAD_TOO_LARGE)), ctx);
  }

  @Test
  @DisplayName("a malformed proposal is 400: both or neither of config and enabled, no botId, bad guild id, baseVersion or shards, unknown fields")
  void malformed(VertxTestContext ctx) {
    refuseAllAndChangeNothing(List.of(
        new BadProposal("both config and enabled", valid().put("enabled", true), FailureCodes.BAD_REQUEST),
        new BadProposal("neither config nor enabled", without(valid(), "config"), FailureCodes.BAD_REQUEST),
        new BadProposal("config null and no enabled", valid().putNull("config"), FailureCodes.BAD_REQUEST),
        new BadProposal("config a string", valid().put("config", "{}"), FailureCodes.BAD_REQUEST),
        new BadProposal("enabled a string", Proposals.enabled(guild, "welcome", 1, true).put("enabled", "true"),
            FailureCodes.BAD_REQUEST),
        new BadProposal("no botId", without(valid(), "botId"), FailureCodes.BAD_REQUEST),
        new BadProposal("a blank botId", valid().put("botId", " "), FailureCodes.BAD_REQUEST),
        new BadProposal("a botId that is not a string", valid().put("botId", 7), FailureCodes.BAD_REQUEST),
        new BadProposal("a guild id that is no snowflake", valid().put("guildId", "123"), FailureCodes.BAD_REQUEST),
        new BadProposal("a guild id as a number", valid().put("guildId", Long.parseLong(guild)),
            FailureCodes.BAD_REQUEST),
        new BadProposal("no guild id", without(valid(), "guildId"), FailureCodes.BAD_REQUEST),
        new BadProposal("no moduleId", without(valid(), "moduleId"), FailureCodes.BAD_REQUEST),
        new BadProposal("no baseVersion", without(valid(), "baseVersion"), FailureCodes.BAD_REQUEST),
        new BadProposal("a negative baseVersion", valid().put("baseVersion", -1), FailureCodes.BAD_REQUEST),
        new BadProposal("a baseVersion as a string", valid().put("baseVersion", "1"), FailureCodes.BAD_REQUEST),
        new BadProposal("a baseVersion of 1.5", valid().put("baseVersion", 1.5), FailureCodes.BAD_REQUEST),
        new BadProposal("malformed shards", valid().put("shards", "4/2"), FailureCodes.BAD_REQUEST),
        new BadProposal("an unknown field", valid().put("gateway", "gw-1"), FailureCodes.BAD_REQUEST),
        new BadProposal("a body that is not an object", "{\"botId\":\"bot-a\"}", FailureCodes.BAD_REQUEST)), ctx);
  }

  @Test
  @DisplayName("a stale baseVersion is answered with the conflict and the current state, and changes nothing")
  void staleBaseVersion(VertxTestContext ctx) {
    NothingChanges.from(fixture)
        .compose(nothing -> Proposals.send(vertx, Proposals.config(guild, "welcome", 0, ModuleConfigs.welcome("stale")))
            .compose(reply -> {
              assertThat(reply.getBoolean("ok")).isFalse();
              assertThat(reply.getString("code")).isEqualTo("VERSION_CONFLICT");
              assertThat(reply.getJsonObject("current").getLong("version")).isEqualTo(1);
              assertThat(reply.getJsonObject("current").getJsonObject("config")).isEqualTo(ModuleConfigs.welcome("before"));
              return nothing.check("a stale proposal");
            })
            .compose(v -> nothing.thenNextWriteIsTheNextEvent()))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** A proposal that would be applied: based on the current version, in every shard. */
  private static JsonObject valid() {
    return Proposals.config(guild, "welcome", 1, ModuleConfigs.welcome("from the bot"));
  }

  private static JsonObject without(JsonObject proposal, String field) {
    proposal.remove(field);
    return proposal;
  }

  private static void refuseAllAndChangeNothing(List<BadProposal> cases, VertxTestContext ctx) {
    NothingChanges.from(fixture)
        .compose(nothing -> Futures.sequentially(cases, bad -> Proposals.refusal(vertx, bad.proposal())
                .map(refused -> {
                  assertThat(refused.failureCode()).as("failure code of %s: %s", bad.what(), refused.getMessage())
                      .isEqualTo(bad.code());
                  assertThat(refused.getMessage()).as("message of %s", bad.what()).isNotBlank();
                  return null;
                })
                .recover(failure -> Future.failedFuture(new AssertionError("case '" + bad.what() + "': "
                    + failure.getMessage(), failure)))
                .compose(v -> nothing.check(bad.what())))
            .compose(v -> fixture.api().getState(guild, "welcome"))
            .compose(response -> {
              assertThat(Http.state(response).getLong("version")).isEqualTo(1);
              return nothing.thenNextWriteIsTheNextEvent();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
