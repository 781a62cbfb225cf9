package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The bot protocol: proposals, their replies, presence and acks")
class BotProtocolTest {

  private static final String GUILD = "310000000000000001";
  private static final JsonObject CONFIG = new JsonObject().put("channelId", "500000000000000001").put("message", "hi");
  private static final JsonObject STATE = new JsonObject().put("guildId", GUILD).put("moduleId", "welcome")
      .put("enabled", true).put("version", 5).put("config", CONFIG).put("updatedAt", "2026-01-01T00:00:00Z")
      .put("revision", 42);

  private static JsonObject proposalJson() {
    return new JsonObject().put("botId", "bot-a").put("shards", "0,1/4").put("guildId", GUILD)
        .put("moduleId", "welcome").put("baseVersion", 4).put("config", CONFIG.copy());
  }

  @Test
  @DisplayName("a proposal reads from and writes to the JSON bots send, a config or an enabled flag, with the Discord user")
  void proposalMapping() {
    BotProposal config = BotProposal.fromJson(proposalJson());
    assertThat(config).isEqualTo(new BotProposal("bot-a", ShardSpec.parse("0,1/4"), GUILD, "welcome", 4,
        new BotProposal.SetConfig(CONFIG), null));
    assertThat(config.toJson()).isEqualTo(proposalJson());
    assertThat(config.actor()).isEqualTo("bot-a");

    JsonObject enabled = proposalJson().put("enabled", false).put("userId", "81384788765712384").put("userName", "ann");
    enabled.remove("config");
    BotProposal disable = BotProposal.fromJson(enabled);
    assertThat(disable.change()).isEqualTo(new BotProposal.SetEnabled(false));
    assertThat(disable.user()).isEqualTo(new BotProposal.DiscordUser("81384788765712384", "ann"));
    assertThat(disable.toJson()).isEqualTo(enabled);
    assertThat(disable.actor()).isEqualTo("ann (discord 81384788765712384) via bot-a");

    JsonObject everyShard = proposalJson();
    everyShard.remove("shards");
    assertThat(BotProposal.fromJson(everyShard).shards()).isEqualTo(ShardSpec.ALL);
  }

  @Test
  @DisplayName("a malformed proposal is refused with a message that names what is wrong")
  void malformedProposals() {
    Map<String, JsonObject> cases = Map.ofEntries(
        Map.entry("exactly one of config and enabled", proposalJson().put("enabled", true)),
        Map.entry("config must be a JSON object", proposalJson().put("config", "{}")),
        Map.entry("enabled must be true or false", without(proposalJson(), "config").put("enabled", "true")),
        Map.entry("botId", without(proposalJson(), "botId")),
        Map.entry("a guild id is", proposalJson().put("guildId", "123")),
        Map.entry("moduleId", without(proposalJson(), "moduleId")),
        Map.entry("baseVersion", proposalJson().put("baseVersion", 1.5)),
        Map.entry("invalid shards", proposalJson().put("shards", "4/2")),
        Map.entry("unknown field 'gateway'", proposalJson().put("gateway", "gw-1")),
        Map.entry("userId, when given", proposalJson().put("userId", "ann")),
        Map.entry("userName, when given with userId", proposalJson().put("userName", "ann")));
    cases.forEach((message, json) -> assertThatThrownBy(() -> BotProposal.fromJson(json)).as(message)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    assertThatThrownBy(() -> BotProposal.fromJson("{}")).hasMessageContaining("a proposal is a JSON object");
  }

  @Test
  @DisplayName("the gateway's stamp puts the session's bot and shards over what a bridge bot claimed")
  void stamps() {
    JsonObject claimed = proposalJson().put("botId", "bot-b").put("shards", "0-3/4");
    BotProposal stamped = BotProposal.fromJson(BotProposal.stamped(claimed, "bot-a", ShardSpec.parse("0/4")));
    assertThat(stamped.botId()).isEqualTo("bot-a");
    assertThat(stamped.shards()).isEqualTo(ShardSpec.parse("0/4"));
    assertThat(claimed.getString("botId")).as("the bot's JSON is left alone").isEqualTo("bot-b");

    BotAck ack = BotAck.fromJson(BotAck.stamped(new JsonObject().put("botId", "bot-b").put("revision", 9)
        .put("gateway", "evil"), "bot-a", ShardSpec.parse("0,1/4"), "gw-1"));
    assertThat(ack).isEqualTo(new BotAck("bot-a", 9, "0,1/4", "gw-1", List.of()));
  }

  @Test
  @DisplayName("a reply is applied or a conflict, as the JSON that goes back over the bridge")
  void replies() {
    ProposalReply applied = new ProposalReply.Applied(true, STATE);
    assertThat(applied.toJson()).isEqualTo(new JsonObject().put("ok", true).put("changed", true).put("state", STATE));
    ProposalReply conflict = new ProposalReply.Conflict("version 4 is not the current version (5)", STATE, 5);
    assertThat(conflict.toJson()).isEqualTo(new JsonObject().put("ok", false).put("code", "VERSION_CONFLICT")
        .put("message", "version 4 is not the current version (5)").put("current", STATE).put("currentVersion", 5));
    assertThat(ProposalReply.fromJson(applied.toJson())).isEqualTo(applied);
    assertThat(ProposalReply.fromJson(conflict.toJson())).isEqualTo(conflict);
    assertThat(ProposalReply.fromJson(new ProposalReply.Conflict("none", null, 0).toJson()))
        .isEqualTo(new ProposalReply.Conflict("none", null, 0));

    assertThatThrownBy(() -> ProposalReply.fromJson(new JsonObject().put("ok", "yes")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProposalReply.fromJson(new JsonObject().put("ok", true)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProposalReply.fromJson(new JsonObject().put("ok", false).put("code", "OTHER")
        .put("currentVersion", 1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("presence reads and writes {botId, shards, gateway, connected}, and refuses what lacks one")
  void presence() {
    BotPresence presence = new BotPresence("bot-a", ShardSpec.parse("0,1/4"), "gw-1", true);
    JsonObject json = new JsonObject().put("botId", "bot-a").put("shards", "0,1/4").put("gateway", "gw-1")
        .put("connected", true);
    assertThat(presence.toJson()).isEqualTo(json);
    assertThat(BotPresence.fromJson(json)).isEqualTo(presence);
    assertThatThrownBy(() -> BotPresence.fromJson(without(json.copy(), "connected")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connected");
    assertThatThrownBy(() -> BotPresence.fromJson(json.copy().put("shards", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid shards");
  }

  @Test
  @DisplayName("each record crosses the wire equal with the codec Codecs registers, and stays the same instance locally")
  void codecs() {
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.registerAll(vertx.eventBus());
      Codecs.registerAll(vertx.eventBus());
      roundTrip(BotProposal.fromJson(proposalJson()), BotProposal::toJson, BotProposal::fromJson);
      roundTrip(new BotPresence("bot-a", ShardSpec.ALL, "gw-1", false), BotPresence::toJson, BotPresence::fromJson);
      roundTrip(new BotAck("bot-a", 3, "0/1", null, List.of(ApplyStatus.ok(GUILD, "welcome", 2))), BotAck::toJson,
          BotAck::fromJson);
    } finally {
      vertx.close();
    }
  }

  @Test
  @DisplayName("a bus body is the record itself or its JSON; anything else is refused")
  void busBodies() {
    BotPresence presence = new BotPresence("bot-a", ShardSpec.ALL, "gw-1", true);
    assertThat(BusBodies.as(presence, BotPresence.class, BotPresence::fromJson)).isSameAs(presence);
    assertThat(BusBodies.as(presence.toJson(), BotPresence.class, BotPresence::fromJson)).isEqualTo(presence);
    assertThatThrownBy(() -> BusBodies.as(new JsonArray(), BotPresence.class, BotPresence::fromJson))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JsonArray");
  }

  private static <T> void roundTrip(T record, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    JsonRecordCodec<T> codec = new JsonRecordCodec<>("test", toJson, fromJson);
    Buffer buffer = Buffer.buffer("xx");
    codec.encodeToWire(buffer, record);
    assertThat(codec.decodeFromWire(2, buffer)).isEqualTo(record);
    assertThat(codec.transform(record)).isSameAs(record);
  }

  private static JsonObject without(JsonObject json, String field) {
    json.remove(field);
    return json;
  }
}
