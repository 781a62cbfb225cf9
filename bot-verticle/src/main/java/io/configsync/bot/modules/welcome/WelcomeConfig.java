package io.configsync.bot.modules.welcome;

import io.configsync.codecs.ModuleLimits;
import io.configsync.codecs.Snowflakes;
import io.configsync.codecs.modules.Welcome;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A guild's welcome settings, as the {@code welcome} schema ({@link Welcome}) describes them.
 *
 * <p>The channel is kept as a number: a bot holds the settings of every guild of its shards, and a
 * million channel id strings would take 64 bytes more each.
 *
 * @param channel where the welcome is posted, a snowflake; {@link #NO_CHANNEL} when {@code dm} is
 *     true and no channel was given
 * @param message the template, 1 to {@link Welcome#MESSAGE_MAX_LENGTH} UTF-16 units ({@link ModuleLimits}), see
 *     {@link WelcomeTemplate}
 * @param dm whether the welcome goes to the new member as a direct message instead
 */
public record WelcomeConfig(long channel, String message, boolean dm) {

  /** No channel given (no snowflake is 0). */
  public static final long NO_CHANNEL = 0;

  public WelcomeConfig {
    Objects.requireNonNull(message, "message");
    if (message.isEmpty() || ModuleLimits.textLength(message) > Welcome.MESSAGE_MAX_LENGTH) {
      throw new IllegalArgumentException("message must have 1.." + Welcome.MESSAGE_MAX_LENGTH + " UTF-16 units, has "
          + ModuleLimits.textLength(message));
    }
    if (!dm && channel == NO_CHANNEL) {
      throw new IllegalArgumentException("channelId is required unless dm is true");
    }
  }

  /** Reads a config the backend accepted; throws {@link IllegalArgumentException} if it is not. */
  public static WelcomeConfig fromJson(JsonObject config) {
    Objects.requireNonNull(config, "config");
    try {
      String channelId = config.getString("channelId");
      if (channelId != null && !Snowflakes.isValid(channelId)) {
        throw new IllegalArgumentException("channelId must be " + Snowflakes.RULE);
      }
      return new WelcomeConfig(
          channelId == null ? NO_CHANNEL : Long.parseLong(channelId),
          config.getString("message"),
          config.getBoolean("dm", false));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("malformed welcome config: " + e.getMessage(), e);
    }
  }

  /** Where the welcome is posted, as Discord writes it; null when no channel was given. */
  public String channelId() {
    return channel == NO_CHANNEL ? null : Long.toString(channel);
  }
}
