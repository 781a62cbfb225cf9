package io.configsync.bot.discord;

/**
 * A message was posted in a guild channel (direct messages are not reported). Built by {@link
 * JdaEventForwarder} from JDA getters that never return null.
 *
 * @param guildId the guild's snowflake
 * @param channelId the channel's (or thread's) snowflake
 * @param messageId the message's snowflake
 * @param authorId the author's snowflake
 * @param authorMention the text that mentions the author, e.g. {@code <@123>}
 * @param content the raw content, mentions as {@code <@id>} markup
 * @param authorIsBot whether a bot or a webhook wrote it
 */
public record MessagePosted(
    String guildId,
    String channelId,
    String messageId,
    String authorId,
    String authorMention,
    String content,
    boolean authorIsBot) {}
