package io.configsync.bot.discord;

import java.util.EnumSet;
import java.util.Set;

/**
 * The bot lacks guild-wide permissions: how {@link DiscordPort#checkPermissions} fails when the
 * bot is in the guild but some permission is missing, so that a module can tell which of its
 * settings need them.
 */
public class MissingPermissionsException extends DiscordPortException {

  private static final long serialVersionUID = 1L;

  private final EnumSet<ModerationPermission> missing;

  /**
   * @param message names the permissions and the guild, e.g. {@code the bot lacks the Manage
   *     Messages permission in guild Cats (123)}
   */
  public MissingPermissionsException(String message, Set<ModerationPermission> missing) {
    super(message);
    this.missing = missing.isEmpty()
        ? EnumSet.noneOf(ModerationPermission.class) : EnumSet.copyOf(missing);
  }

  /** The permissions the bot lacks, never empty in practice. */
  public Set<ModerationPermission> missing() {
    return EnumSet.copyOf(missing);
  }

  /** The usual message: {@code the bot lacks the X and Y permissions in guild <guild>}. */
  public static MissingPermissionsException in(String guild, Set<ModerationPermission> missing) {
    EnumSet<ModerationPermission> inOrder = EnumSet.noneOf(ModerationPermission.class);
    inOrder.addAll(missing);
    String names = String.join(" and ",
        inOrder.stream().map(ModerationPermission::displayName).toList());
    return new MissingPermissionsException("the bot lacks the " + names
        + (inOrder.size() == 1 ? " permission" : " permissions") + " in guild " + guild, inOrder);
  }
}
