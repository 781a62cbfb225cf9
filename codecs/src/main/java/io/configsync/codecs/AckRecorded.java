package io.configsync.codecs;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Published on {@link Addresses#ACK_RECORDED} by the backend that stored a bot's ack, once it is in
 * the database: every backend's dashboard then tells the browsers watching one of the acked configs
 * (or waiting for that bot to reach a revision) to read the apply status again.
 */
public record AckRecorded(BotAck ack) {

  public AckRecorded {
    Objects.requireNonNull(ack, "ack");
  }

  public JsonObject toJson() {
    return new JsonObject().put("ack", ack.toJson());
  }

  public static AckRecorded fromJson(JsonObject json) {
    return new AckRecorded(BotAck.fromJson(json.getJsonObject("ack")));
  }
}
