package io.configsync.bot.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.BotProposal;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.FailureCodes;
import io.configsync.codecs.ProposalReply;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Config proposer")
class ConfigProposerTest {

  private static final String GUILD = "111111111111111111";
  private static final JsonObject STATE = new JsonObject().put("guildId", GUILD).put("moduleId", "welcome")
      .put("enabled", true).put("version", 5).put("config", new JsonObject().put("message", "Hi").put("dm", true))
      .put("updatedAt", "2025-01-01T00:00:00Z").put("revision", 42);

  @Test
  @DisplayName("sends this bot's id and shards with the proposal, and reads the applied state")
  void applied(Vertx vertx, VertxTestContext test) {
    Codecs.registerAll(vertx.eventBus());
    vertx.eventBus().<BotProposal>consumer(Addresses.BOT_PROPOSAL, message -> {
      test.verify(() -> assertThat(message.body().toJson()).isEqualTo(new JsonObject().put("botId", "bot-1")
          .put("shards", "0,2/4").put("guildId", GUILD).put("moduleId", "welcome").put("baseVersion", 4)
          .put("enabled", true)));
      message.reply(new ProposalReply.Applied(true, STATE).toJson());
    }).completion()
        .compose(v -> new ConfigProposer(vertx, "bot-1", ShardSpec.parse("0,2/4")).proposeEnabled(GUILD, "welcome", 4, true))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          assertThat(result).isEqualTo(new ProposalResult.Applied(new ConfigState(GUILD, "welcome", true, 5,
              new JsonObject().put("message", "Hi").put("dm", true))));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("reads a conflict with the current state, or without one")
  void conflict() {
    String message = "version 4 is not the current version (5)";

    assertThat(ConfigProposer.fromReply(new ProposalReply.Conflict(message, STATE, 5).toJson()))
        .isEqualTo(new ProposalResult.Conflict(ConfigState.fromJson(STATE), message));
    assertThat(ConfigProposer.fromReply(new ProposalReply.Conflict(message, null, 0).toJson())).isEqualTo(
        new ProposalResult.Conflict(null, "version 4 is not the current version (5)"));
  }

  @Test
  @DisplayName("turns a failed request into a refusal with the backend's code and message")
  void refused() {
    assertThat(ConfigProposer.fromFailure(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
        FailureCodes.FORBIDDEN, "guild 1 is not in the shards of bot bot-1")))
        .isEqualTo(new ProposalResult.Refused(FailureCodes.FORBIDDEN, "guild 1 is not in the shards of bot bot-1"));
  }

  @Test
  @DisplayName("tells a backend that cannot be asked from one whose answer is lost")
  void unavailable() {
    assertThat(ConfigProposer.fromFailure(new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers")))
        .isEqualTo(new ProposalResult.Unavailable("no ConfigSync backend is reachable", false));
    assertThat(ConfigProposer.fromFailure(new ReplyException(ReplyFailure.TIMEOUT, "timed out")))
        .isEqualTo(new ProposalResult.Unavailable("the ConfigSync backend did not answer within 15 seconds", true));
    assertThat(ConfigProposer.fromReply(new JsonObject().put("ok", true)))
        .isInstanceOf(ProposalResult.Unavailable.class)
        .satisfies(result -> assertThat(((ProposalResult.Unavailable) result).mayHaveApplied()).isTrue());
  }
}
