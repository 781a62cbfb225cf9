package io.configsync.bot.commands;

import io.configsync.codecs.modules.Welcome;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The {@code welcome} module in replies: its channel, message and direct-message setting. */
final class WelcomeChanges extends ConfigChanges {

  static final WelcomeChanges INSTANCE = new WelcomeChanges();

  private WelcomeChanges() {
    super(new Wording(Welcome.MODULE, "Welcome is off in this server; turn it on with /welcome on.",
        "Set it up with /welcome channel."));
  }

  @Override
  List<String> changed(JsonObject before, JsonObject after) {
    JsonObject was = before == null ? new JsonObject() : before;
    List<String> changes = new ArrayList<>();
    String channel = after.getString("channelId");
    if (!Objects.equals(was.getString("channelId"), channel)) {
      changes.add("channel " + Texts.channel(was.getString("channelId")) + " → " + Texts.channel(channel));
    }
    String message = after.getString("message");
    if (message != null && !message.equals(was.getString("message"))) {
      changes.add("message now " + Texts.quote(message, 100));
    }
    boolean dm = after.getBoolean("dm", false);
    if (dm != was.getBoolean("dm", false)) {
      changes.add(dm ? "sent by direct message" : "no longer sent by direct message");
    }
    return changes;
  }
}
