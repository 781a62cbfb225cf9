package io.configsync.bot.discord;

import java.util.Objects;

/**
 * A member joined a guild.
 *
 * @param guildId the guild's snowflake
 * @param guildName the guild's name at the time of the join
 * @param memberCount the guild's member count, the new member included
 * @param userId the member's snowflake
 * @param userName the name Discord shows for the member (display name, else user name)
 * @param userMention the text that mentions the member, e.g. {@code <@123>}
 */
public record MemberJoined(
    String guildId,
    String guildName,
    int memberCount,
    String userId,
    String userName,
    String userMention) {

  public MemberJoined {
    Objects.requireNonNull(guildId, "guildId");
    Objects.requireNonNull(guildName, "guildName");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(userMention, "userMention");
  }
}
