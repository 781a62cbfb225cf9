package io.configsync.bot.modules.automod;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Matches a message with more than {@code maxMentions} mentions, counting users ({@code <@id>},
 * {@code <@!id>}), roles ({@code <@&id>}), {@code @everyone} and {@code @here}, repeats included.
 */
final class MassMentions implements RuleCondition {

  private static final Pattern MENTION = Pattern.compile("<@[!&]?[0-9]+>|@everyone|@here");

  private final int maxMentions;

  MassMentions(int maxMentions) {
    this.maxMentions = maxMentions;
  }

  @Override
  public boolean matches(String content) {
    Matcher mentions = MENTION.matcher(content);
    int count = 0;
    while (mentions.find()) {
      if (++count > maxMentions) {
        return true;
      }
    }
    return false;
  }
}
