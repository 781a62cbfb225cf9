package io.configsync.bot.modules.welcome;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A guild's welcome settings, as the backend's {@code welcome} schema describes them.
 *
 * @param channelId where the welcome is posted; may be null when {@code dm} is true
 * @param message the template, 1..2000 characters, see {@link WelcomeTemplate}
 * @param dm whether the welcome goes to the new member as a direct message instead
 */
public record WelcomeConfig(String channelId, String message, boolean dm) {

  static final int MAX_MESSAGE_LENGTH = 2000;

  public WelcomeConfig {
    Objects.requireNonNull(message, "message");
    if (message.isEmpty() || message.length() > MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException(
          "message must have 1.." + MAX_MESSAGE_LENGTH + " characters, has " + message.length());
    }
    if (!dm && (channelId == null || channelId.isBlank())) {
      throw new IllegalArgumentException("channelId is required unless dm is true");
    }
  }

  /** Reads a config the backend accepted; throws {@link IllegalArgumentException} if it is not. */
  public static WelcomeConfig fromJson(JsonObject config) {
    Objects.requireNonNull(config, "config");
    try {
      return new WelcomeConfig(
          config.getString("channelId"),
          config.getString("message"),
          config.getBoolean("dm", false));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("malformed welcome config: " + e.getMessage(), e);
    }
  }
}
