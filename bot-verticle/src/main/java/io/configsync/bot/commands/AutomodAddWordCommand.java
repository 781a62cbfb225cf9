package io.configsync.bot.commands;

import io.configsync.bot.discord.SlashCommandDefinition.Option;
import io.configsync.bot.discord.SlashCommandDefinition.Subcommand;
import io.configsync.bot.discord.SlashCommandInvoked;
import io.configsync.codecs.modules.Automod;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * {@code /automod add-word <word>}: adds the word to the guild's first {@code banned_words} rule, or,
 * when there is none, appends a new such rule ({@link #NEW_RULE_ID}) that deletes the message. A
 * word some banned_words rule has already (ignoring case) is not proposed again.
 */
final class AutomodAddWordCommand extends ModuleCommand {

  static final String NEW_RULE_ID = "banned-words";
  private static final int MAX_WORD_LENGTH = Automod.WORD_MAX_LENGTH;

  AutomodAddWordCommand(ConfigEdits edits) {
    super(edits, Subcommand.of("add-word", "Delete messages that contain a word or phrase",
        Option.text("word", "Matched as a whole word, ignoring case", MAX_WORD_LENGTH)));
  }

  @Override
  public Future<String> run(SlashCommandInvoked invocation) {
    String word = invocation.option("word") == null ? "" : invocation.option("word").strip();
    if (word.isEmpty()) {
      return Future.succeededFuture("Give a word or phrase to ban.");
    }
    Optional<ConfigState> base = edits.current(invocation, AutomodChanges.INSTANCE);
    JsonObject config = base.map(ConfigState::configCopy).orElseGet(JsonObject::new);
    JsonArray rules = config.getValue("rules") instanceof JsonArray existing ? existing : new JsonArray();
    config.put("rules", rules);
    Optional<JsonObject> banning = AutomodChanges.rules(config).stream()
        .filter(rule -> isBannedWords(rule) && bans(rule, word))
        .findFirst();
    if (banning.isPresent()) {
      return Future.succeededFuture(Texts.quote(word, MAX_WORD_LENGTH) + " is already banned by rule `"
          + banning.get().getString("id") + "`; nothing changed.");
    }
    Optional<JsonObject> target = AutomodChanges.rules(config).stream()
        .filter(AutomodAddWordCommand::isBannedWords).findFirst();
    String done;
    if (target.isPresent()) {
      words(target.get()).add(word);
      done = "Added " + Texts.quote(word, MAX_WORD_LENGTH) + " to rule `" + target.get().getString("id") + "`";
    } else {
      String id = unusedId(config);
      rules.add(new JsonObject().put("id", id).put("type", "banned_words")
          .put("words", new JsonArray().add(word)).put("action", "delete"));
      done = "Created rule `" + id + "`: messages with " + Texts.quote(word, MAX_WORD_LENGTH) + " are deleted";
    }
    return edits.proposeConfig(invocation, AutomodChanges.INSTANCE, base, config,
        state -> done + " (version " + state.version() + ").");
  }

  private static boolean isBannedWords(JsonObject rule) {
    return "banned_words".equals(rule.getValue("type"));
  }

  private static boolean bans(JsonObject rule, String word) {
    return rule.getValue("words") instanceof JsonArray words
        && words.stream().anyMatch(banned -> banned instanceof String text && text.equalsIgnoreCase(word));
  }

  /** The rule's words, created empty if missing; changes go into the rule. */
  private static JsonArray words(JsonObject rule) {
    if (!(rule.getValue("words") instanceof JsonArray words)) {
      JsonArray created = new JsonArray();
      rule.put("words", created);
      return created;
    }
    return words;
  }

  private static String unusedId(JsonObject config) {
    var taken = AutomodChanges.rulesById(config).keySet();
    String id = NEW_RULE_ID;
    for (int n = 2; taken.contains(id); n++) {
      id = NEW_RULE_ID + "-" + n;
    }
    return id;
  }
}
