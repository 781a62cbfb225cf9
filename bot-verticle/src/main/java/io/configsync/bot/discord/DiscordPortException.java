package io.configsync.bot.discord;

/** Why a {@link DiscordPort} call failed, in words that name the channel, user or guild. */
public class DiscordPortException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DiscordPortException(String message) {
    super(message);
  }

  public DiscordPortException(String message, Throwable cause) {
    super(message, cause);
  }
}
