package io.configsync.bot.discord;

/**
 * A guild-wide permission a module needs to act on members or messages, named as Discord's server
 * settings show it.
 */
public enum ModerationPermission {

  /** Deleting other members' messages (Discord's {@code MANAGE_MESSAGES}). */
  MANAGE_MESSAGES("Manage Messages"),

  /** Timing members out (Discord's {@code MODERATE_MEMBERS}, shown as "Timeout Members"). */
  MODERATE_MEMBERS("Timeout Members");

  private final String displayName;

  ModerationPermission(String displayName) {
    this.displayName = displayName;
  }

  /** The name an admin finds in the server's role settings, e.g. {@code Manage Messages}. */
  public String displayName() {
    return displayName;
  }
}
