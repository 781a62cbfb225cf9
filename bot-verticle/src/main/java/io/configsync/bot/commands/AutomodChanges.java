package io.configsync.bot.commands;

import io.configsync.codecs.modules.Automod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code automod} module in replies: its rules, named by id. */
final class AutomodChanges extends ConfigChanges {

  static final AutomodChanges INSTANCE = new AutomodChanges();

  private static final int IDS_NAMED_AT_MOST = 5;

  private AutomodChanges() {
    super(new Wording(Automod.MODULE, "Automod is off in this server, so its rules do not act until it is turned on.",
        "Add a first rule with /automod add-word."));
  }

  @Override
  List<String> changed(JsonObject before, JsonObject after) {
    Map<String, JsonObject> was = rulesById(before);
    Map<String, JsonObject> now = rulesById(after);
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    now.forEach((id, rule) -> {
      JsonObject previous = was.get(id);
      if (previous == null) {
        added.add("`" + id + "`");
      } else if (!previous.equals(rule)) {
        changed.add("`" + id + "`");
      }
    });
    List<String> removed = was.keySet().stream().filter(id -> !now.containsKey(id)).map(id -> "`" + id + "`").toList();
    List<String> changes = new ArrayList<>();
    describe(changes, "added", added);
    describe(changes, "removed", removed);
    describe(changes, "changed", changed);
    if (changes.isEmpty() && !List.copyOf(was.keySet()).equals(List.copyOf(now.keySet()))) {
      changes.add("rules reordered");
    }
    return changes;
  }

  private static void describe(List<String> changes, String what, List<String> ids) {
    if (!ids.isEmpty()) {
      changes.add((ids.size() == 1 ? "rule " : "rules ") + Texts.someOf(ids, IDS_NAMED_AT_MOST) + " " + what);
    }
  }

  /** The rules of {@code config} by id, in order; rules without an id are left out. */
  static Map<String, JsonObject> rulesById(JsonObject config) {
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    for (JsonObject rule : rules(config)) {
      if (rule.getValue("id") instanceof String id) {
        byId.putIfAbsent(id, rule);
      }
    }
    return byId;
  }

  /** The rule objects of {@code config}, in order; none when it has no rules. */
  static List<JsonObject> rules(JsonObject config) {
    List<JsonObject> rules = new ArrayList<>();
    if (config != null && config.getValue("rules") instanceof JsonArray array) {
      for (Object rule : array) {
        if (rule instanceof JsonObject object) {
          rules.add(object);
        }
      }
    }
    return rules;
  }
}
