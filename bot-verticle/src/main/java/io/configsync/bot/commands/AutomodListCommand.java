package io.configsync.bot.commands;

import io.configsync.bot.discord.CommandReply;
import io.configsync.bot.discord.SlashCommandDefinition.Subcommand;
import io.configsync.bot.discord.SlashCommandInvoked;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** {@code /automod list}: the guild's rules as this bot holds them; asks nothing of the backend. */
final class AutomodListCommand extends ModuleCommand {

  private static final int WORDS_SHOWN_AT_MOST = 10;
  /** Room kept under Discord's limit for the "and N more rules" line. */
  private static final int ROOM_FOR_MORE = 40;

  AutomodListCommand(ConfigEdits edits) {
    super(edits, Subcommand.of("list", "Show this server's automod rules"));
  }

  @Override
  public Future<String> run(SlashCommandInvoked invocation) {
    Optional<ConfigState> state = edits.current(invocation, AutomodChanges.INSTANCE);
    if (state.isPresent() && state.get().config() == null && !state.get().enabled()) {
      return Future.succeededFuture("Automod is off in this server (version " + state.get().version() + ").");
    }
    List<JsonObject> rules = AutomodChanges.rules(state.map(ConfigState::config).orElse(null));
    if (rules.isEmpty()) {
      return Future.succeededFuture("Automod has no rules in this server. " + AutomodChanges.INSTANCE.howToSetUp());
    }
    ConfigState current = state.get();
    StringBuilder text = new StringBuilder("Automod rules (version " + current.version()
        + (current.enabled() ? "" : ", automod is off") + "):");
    for (int index = 0; index < rules.size(); index++) {
      String line = "\n" + (index + 1) + ". " + describe(rules.get(index));
      if (text.length() + line.length() > CommandReply.MAX_LENGTH - ROOM_FOR_MORE) {
        text.append("\n… and ").append(rules.size() - index).append(" more rules");
        break;
      }
      text.append(line);
    }
    return Future.succeededFuture(text.toString());
  }

  /** E.g. {@code `no-swears` banned words “a”, “b” → delete}. */
  static String describe(JsonObject rule) {
    return "`" + rule.getString("id", "?") + "` " + condition(rule) + " → " + action(rule);
  }

  private static String condition(JsonObject rule) {
    String type = String.valueOf(rule.getValue("type"));
    switch (type) {
      case "banned_words":
        List<String> words = rule.getValue("words") instanceof JsonArray array
            ? array.stream().map(word -> Texts.quote(String.valueOf(word), 40)).toList() : List.of();
        return "banned words " + Texts.someOf(words, WORDS_SHOWN_AT_MOST);
      case "regex":
        return "pattern " + Texts.quote(String.valueOf(rule.getValue("pattern")), 100);
      case "invite_links":
        return "invite links";
      case "mass_mentions":
        return "more than " + rule.getValue("maxMentions") + " mentions";
      case "caps":
        return "over " + percent(rule.getValue("maxCapsRatio")) + " capitals";
      default:
        return type;
    }
  }

  private static String action(JsonObject rule) {
    String action = String.valueOf(rule.getValue("action"));
    return "timeout".equals(action) ? "timeout for " + rule.getValue("timeoutSeconds") + " seconds" : action;
  }

  private static String percent(Object ratio) {
    return ratio instanceof Number number ? Math.round(number.doubleValue() * 100) + "%" : String.valueOf(ratio);
  }
}
