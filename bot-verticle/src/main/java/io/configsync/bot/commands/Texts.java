package io.configsync.bot.commands;

import java.util.List;

/** Small wording helpers shared by the commands' replies. */
final class Texts {

  private Texts() {}

  /** {@code “text”}, cut to {@code max} characters with an ellipsis. */
  static String quote(String text, int max) {
    String shown = text.length() <= max ? text : text.substring(0, max - 1) + "…";
    return "“" + shown + "”";
  }

  /** A channel mention, {@code <#id>}, or {@code none}. */
  static String channel(String channelId) {
    return channelId == null ? "none" : "<#" + channelId + ">";
  }

  /** The first {@code max} items joined by commas, and how many more there are. */
  static String someOf(List<String> items, int max) {
    String shown = String.join(", ", items.subList(0, Math.min(max, items.size())));
    return items.size() > max ? shown + " and " + (items.size() - max) + " more" : shown;
  }

  /** {@code text} cut to what a Discord reply may hold. */
  static String fitReply(String text, int maxLength) {
    return text.length() <= maxLength ? text : text.substring(0, maxLength - 1) + "…";
  }
}
