package io.configsync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.BotAck;
import io.configsync.codecs.BotPresence;
import io.configsync.codecs.BotProposal;
import io.configsync.codecs.ShardSpec;
import io.configsync.gateway.GatewayFixture.Sent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bridge guard through a real gateway on a local Vert.x, driven over the raw WebSocket endpoint,
 * with fake backend consumers. Absence is proved with a sentinel: a legitimate message sent after
 * the refused ones must reach the bus, and nothing refused may have come before it.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Bridge guard: what a bridge socket may do")
class BridgeGuardTest {

  private static final String SHARD_0 = Addresses.moduleChangeShard(4, 0);
  private static final String SHARD_1 = Addresses.moduleChangeShard(4, 1);
  private static final String REJECTED = "rejected";
  private static final String GUILD = GatewayFixture.STATE_GUILD;

  private GatewayFixture gateway;

  @BeforeEach
  void startGateway(Vertx vertx, VertxTestContext test) {
    GatewayConfig config = GatewayConfig.builder(GatewayFixture.GATEWAY_ID,
            BotCredentials.parse("bot-a:token-a:0,1/4,bot-b:token-b"))
        .progressInterval(Duration.ofMillis(100)).maxShardsPerSocket(2).maxSocketsPerBot(2).maxRefusals(5).build();
    GatewayFixture.start(vertx, config).onComplete(test.succeeding(started -> {
      gateway = started;
      test.completeNow();
    }));
  }

  @AfterEach
  void stopGateway(VertxTestContext test) {
    gateway.stop().onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("a socket must authenticate in its first register; it is then reported present and gets progress")
  void authenticatesOnFirstRegister(VertxTestContext test) {
    gateway.connect().compose(socket -> socket.send(Addresses.BOT_ACK, ack(1), null)
            .compose(v -> socket.error(1))
            .compose(error -> {
              assertThat(error.getString("body")).isEqualTo(REJECTED);
              return socket.authenticate("bot-a", "token-a", "0,1/4", SHARD_0);
            })
            .compose(v -> gateway.next(presence(true)))
            .compose(sent -> {
              assertThat(sent.body()).isEqualTo(new BotPresence("bot-a", ShardSpec.parse("0,1/4"),
                  GatewayFixture.GATEWAY_ID, true));
              assertThat(gateway.before(presence(true))).noneMatch(to(Addresses.BOT_ACK));
              return progress(socket, SHARD_0);
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("wrong tokens are refused and the third failure closes the socket; the bot is never present")
  void wrongTokens(VertxTestContext test) {
    gateway.connect().compose(guesser -> guesser.authenticate("bot-a", "wrong", "0,1/4", SHARD_0)
            .compose(v -> guesser.authenticate("bot-a", "token-b", "0,1/4", SHARD_0))
            .compose(v -> guesser.authenticate("bot-x", "token-a", "0/1", SHARD_0))
            .compose(v -> guesser.closed())
            .map(v -> {
              assertThat(guesser.errorBodies()).containsOnly(REJECTED);
              return null;
            }))
        .compose(v -> authenticated("bot-b", "token-b", "2/4", Addresses.moduleChangeShard(4, 2)))
        .map(v -> {
          List<Sent> before = gateway.before(presence(true).and(sent -> ((BotPresence) sent.body()).botId().equals("bot-b")));
          assertThat(before).noneMatch(to(Addresses.BOT_PRESENCE));
          return null;
        })
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("an authenticated bot may listen to its own shards only, not another count or address")
  void ownShardsOnly(VertxTestContext test) {
    String foreign = Addresses.moduleChangeShard(4, 2);
    String otherCount = Addresses.moduleChangeShard(8, 0);
    authenticated("bot-a", "token-a", "0,1/4", SHARD_0)
        .compose(socket -> socket.register(foreign)
            .compose(v -> socket.register(otherCount))
            .compose(v -> socket.register(Addresses.MODULE_CHANGES))
            .compose(v -> socket.register(SHARD_0))
            .compose(v -> socket.register(SHARD_1))
            .compose(v -> socket.error(4))
            // Two ticks of progress on the shard registered last: a refused address would have had one by then.
            .compose(v -> secondProgress(socket, SHARD_1))
            .map(v -> {
              assertThat(socket.errorBodies()).containsExactly(REJECTED, REJECTED, REJECTED, REJECTED);
              assertThat(socket.received()).extracting(frame -> frame.getValue("address"))
                  .doesNotContain(foreign, otherCount, Addresses.MODULE_CHANGES);
              return null;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("an ack goes on as a BotAck stamped with the socket's bot, shards and gateway; a malformed one as JSON")
  void acksAreStamped(VertxTestContext test) {
    authenticated("bot-a", "token-a", "0,1/4", SHARD_0)
        .compose(socket -> socket.send(Addresses.BOT_ACK, ack(0).put("botId", "bot-b").put("shards", "0-3/4")
                .put("gateway", "evil"), null)
            .compose(v -> gateway.next(to(Addresses.BOT_ACK)))
            .compose(sent -> {
              assertThat(sent.body()).isEqualTo(new BotAck("bot-a", 0, "0,1/4", GatewayFixture.GATEWAY_ID, List.of()));
              return socket.send(Addresses.BOT_ACK, new JsonObject().put("revision", "x"), null);
            })
            .compose(v -> gateway.next(to(Addresses.BOT_ACK).and(sent -> sent.body() instanceof JsonObject)))
            .map(sent -> {
              assertThat(((JsonObject) sent.body()).getString("botId")).isEqualTo("bot-a");
              return null;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("a proposal goes on as a stamped BotProposal and its reply comes back; a malformed one gets the backend's 400")
  void proposals(VertxTestContext test) {
    JsonObject proposal = new JsonObject().put("botId", "bot-b").put("shards", "0-3/4").put("guildId", GUILD)
        .put("moduleId", "welcome").put("baseVersion", 0).put("enabled", true);
    authenticated("bot-a", "token-a", "0,1/4", SHARD_0)
        .compose(socket -> socket.send(Addresses.BOT_PROPOSAL, proposal, "reply-1")
            .compose(v -> gateway.next(to(Addresses.BOT_PROPOSAL)))
            .compose(sent -> {
              assertThat(sent.body()).isInstanceOf(BotProposal.class);
              BotProposal typed = (BotProposal) sent.body();
              assertThat(typed.botId()).isEqualTo("bot-a");
              assertThat(typed.shards()).isEqualTo(ShardSpec.parse("0,1/4"));
              return socket.message("reply-1", body -> true);
            })
            .compose(reply -> {
              assertThat(reply.getJsonObject("body").getBoolean("ok")).isTrue();
              proposal.remove("baseVersion");
              return socket.send(Addresses.BOT_PROPOSAL, proposal, "reply-2");
            })
            .compose(v -> socket.next(frame -> "reply-2".equals(frame.getValue("address"))))
            .map(failure -> {
              assertThat(failure.getString("type")).isEqualTo("err");
              assertThat(failure.getInteger("failureCode")).isEqualTo(400);
              return null;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("a replay asking for every shard goes on limited to the socket's shards, and its reply comes back")
  void replays(VertxTestContext test) {
    authenticated("bot-a", "token-a", "0,1/4", SHARD_0)
        .compose(socket -> socket.send(Addresses.REPLAY, new JsonObject().put("after", 0).put("limit", 10)
                .put("shards", "0-3/4"), "replay-1")
            .compose(v -> gateway.next(to(Addresses.REPLAY).and(sent -> sent.body() instanceof JsonObject json
                && json.containsKey("shards"))))
            .compose(sent -> {
              assertThat(((JsonObject) sent.body()).getString("shards")).isEqualTo("0,1/4");
              return socket.message("replay-1", body -> body.containsKey("head"));
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("publishing or sending change events is refused, and nothing of it reaches the bus before a later ack")
  void publishingIsRefused(VertxTestContext test) {
    JsonObject forged = new JsonObject().put("kind", "event").put("revision", 1).put("guildId", GUILD)
        .put("probe", "forged");
    authenticated("bot-a", "token-a", "0,1/4", SHARD_0)
        .compose(socket -> socket.publish(Addresses.MODULE_CHANGES, forged)
            .compose(v -> socket.publish(SHARD_0, forged))
            .compose(v -> socket.send(SHARD_0, forged, null))
            .compose(v -> socket.publish(Addresses.BOT_ACK, ack(5)))
            .compose(v -> socket.error(4))
            .compose(v -> socket.send(Addresses.BOT_ACK, ack(7), null))
            .compose(v -> gateway.next(ackAt(7)))
            .map(v -> {
              assertThat(socket.errorBodies()).containsExactly(REJECTED, REJECTED, REJECTED, REJECTED);
              assertThat(gateway.before(ackAt(7))).noneMatch(sent -> sent.body() instanceof JsonObject json
                  && json.containsKey("probe")).noneMatch(ackAt(5));
              return null;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("a socket claiming more shards than allowed is refused, and so is a bot's socket beyond its limit")
  void caps(VertxTestContext test) {
    gateway.connect()
        .compose(greedy -> greedy.authenticate("bot-b", "token-b", "0-2/4", SHARD_0)
            .compose(v -> greedy.error(1)))
        .compose(v -> authenticated("bot-a", "token-a", "0/4", SHARD_0))
        .compose(first -> authenticated("bot-a", "token-a", "1/4", SHARD_1))
        .compose(second -> gateway.connect())
        .compose(third -> third.authenticate("bot-a", "token-a", "0/4", SHARD_0)
            .compose(v -> third.error(1))
            .map(error -> {
              assertThat(error.getString("body")).isEqualTo(REJECTED);
              return null;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("malformed frames get the bridge's errors and count as refusals: the fifth closes the socket")
  void malformedFrames(VertxTestContext test) {
    authenticated("bot-a", "token-a", "0,1/4", SHARD_0)
        .compose(socket -> socket.sendText("not json")
            .compose(v -> socket.sendText("{}"))
            .compose(v -> socket.sendText("{\"type\":\"bogus\",\"address\":\"x\"}"))
            .compose(v -> socket.sendText("{\"type\":\"send\"}"))
            .compose(v -> socket.error(4))
            .compose(v -> {
              assertThat(socket.errorBodies())
                  .containsExactly("invalid_json", "missing_type", "invalid_type", "missing_address");
              assertThat(socket.isClosed()).isFalse();
              return socket.send(Addresses.BOT_ACK, new JsonObject().put("revision", 1).put("statuses", "x").put("a", 1)
                  .put("b", 2), null).compose(w -> socket.sendText("[1]"));
            })
            .compose(v -> socket.closed()))
        .compose(v -> gateway.connect())
        .compose(anonymous -> anonymous.sendText("{").compose(v -> anonymous.sendText("null"))
            .compose(v -> anonymous.sendText("\"x\"")).compose(v -> anonymous.closed()))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("a socket that closes is reported gone")
  void disconnect(VertxTestContext test) {
    authenticated("bot-a", "token-a", "0,1/4", SHARD_0)
        .compose(BridgeSocket::close)
        .compose(v -> gateway.next(presence(false)))
        .map(sent -> {
          assertThat(((BotPresence) sent.body()).botId()).isEqualTo("bot-a");
          return null;
        })
        .onComplete(test.succeedingThenComplete());
  }

  // ---- helpers

  /** A socket authenticated and registered on {@code address}, once a progress message arrived there. */
  private Future<BridgeSocket> authenticated(String botId, String token, String shards, String address) {
    return gateway.connect().compose(socket -> socket.authenticate(botId, token, shards, address)
        .compose(v -> progress(socket, address))
        .map(socket));
  }

  private static Future<JsonObject> progress(BridgeSocket socket, String address) {
    return socket.message(address, body -> "progress".equals(body.getString("kind")))
        .map(frame -> frame);
  }

  private static Future<JsonObject> secondProgress(BridgeSocket socket, String address) {
    int[] seen = {0};
    return socket.message(address, body -> "progress".equals(body.getString("kind")) && ++seen[0] == 2);
  }

  private static JsonObject ack(long revision) {
    return new JsonObject().put("revision", revision);
  }

  private static Predicate<Sent> to(String address) {
    return sent -> address.equals(sent.address());
  }

  private static Predicate<Sent> presence(boolean connected) {
    return sent -> sent.body() instanceof BotPresence presence && presence.connected() == connected;
  }

  private static Predicate<Sent> ackAt(long revision) {
    return sent -> sent.body() instanceof BotAck ack && ack.revision() == revision;
  }
}
