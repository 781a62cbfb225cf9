package io.configsync.bot.discord;

/**
 * A member joined a guild. Built by {@link JdaEventForwarder} from JDA getters that never return null.
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
    String userMention) {}
