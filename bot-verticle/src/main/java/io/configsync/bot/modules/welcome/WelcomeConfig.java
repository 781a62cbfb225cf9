package io.configsync.bot.modules.welcome;

import io.configsync.codecs.ModuleLimits;
import io.configsync.codecs.Snowflakes;
import io.configsync.codecs.modules.Welcome;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A guild's welcome settings, as the {@code welcome} schema ({@link Welcome}) describes them.
 *
 * @param channelId where the welcome is posted; may be null when {@code dm} is true
 * @param message the template, 1 to {@link Welcome#MESSAGE_MAX_LENGTH} UTF-16 units ({@link ModuleLimits}), see
 *     {@link WelcomeTemplate}
 * @param dm whether the welcome goes to the new member as a direct message instead
 */
public record WelcomeConfig(String channelId, String message, boolean dm) {

  public WelcomeConfig {
    Objects.requireNonNull(message, "message");
    if (message.isEmpty() || ModuleLimits.textLength(message) > Welcome.MESSAGE_MAX_LENGTH) {
      throw new IllegalArgumentException("message must have 1.." + Welcome.MESSAGE_MAX_LENGTH + " UTF-16 units, has "
          + ModuleLimits.textLength(message));
    }
    if (!dm && channelId == null) {
      throw new IllegalArgumentException("channelId is required unless dm is true");
    }
    if (channelId != null && !Snowflakes.isValid(channelId)) {
      throw new IllegalArgumentException("channelId must be " + Snowflakes.RULE);
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
