package io.configsync.bot.modules.welcome;

import io.configsync.bot.discord.MemberJoined;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a welcome message template. The variables are {@code {user}} (the member's name), {@code
 * {user.mention}}, {@code {server}} (the guild's name) and {@code {memberCount}}.
 *
 * <p>Each placeholder is replaced once, from left to right: a value is never scanned again, so a
 * server named {@code "{user}"} shows as such. An unknown placeholder such as {@code {foo}} stays
 * as written.
 */
public final class WelcomeTemplate {

  // A bounded, backtracking-free pattern: safe on any template.
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z.]{1,32})}");

  private WelcomeTemplate() {}

  /** The welcome text for {@code joined}. */
  public static String render(String template, MemberJoined joined) {
    return fill(template, Map.of(
        "user", joined.userName(),
        "user.mention", joined.userMention(),
        "server", joined.guildName(),
        "memberCount", Integer.toString(joined.memberCount())));
  }

  /** {@code template} with every known {@code {name}} replaced by {@code variables.get(name)}. */
  static String fill(String template, Map<String, String> variables) {
    Matcher placeholders = PLACEHOLDER.matcher(template);
    return placeholders.replaceAll(placeholder -> Matcher.quoteReplacement(
        variables.getOrDefault(placeholder.group(1), placeholder.group())));
  }
}
