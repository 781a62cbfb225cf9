package io.configsync.backend;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Module configs the backend's own tests need beyond {@link io.configsync.testkit.ModuleConfigs}: sizes and rule shapes. */
final class Configs {

  private Configs() {}

  /**
   * A valid automod config whose JSON (as {@code JsonObject.toBuffer()} writes it, which is how the
   * backend measures it) is exactly {@code bytes} long: banned_words rules of 1000 words each.
   */
  static JsonObject automodOfSize(int bytes) {
    String word = "w".repeat(100);
    JsonArray rules = new JsonArray();
    JsonObject config = new JsonObject().put("rules", rules);
    JsonArray words = null;
    long estimate = 0;
    while (estimate <= bytes + 1000) {
      if (words == null || words.size() == 1000) {
        words = new JsonArray();
        rules.add(new JsonObject().put("id", "rule-" + rules.size()).put("type", "banned_words").put("words", words)
            .put("action", "delete"));
        estimate += 80;
      }
      words.add(word);
      estimate += word.length() + 3;
    }
    int excess = config.toBuffer().length() - bytes;
    while (excess >= word.length()) {
      words.remove(words.size() - 1);
      excess = config.toBuffer().length() - bytes;
    }
    words.set(words.size() - 1, word.substring(excess));
    return config;
  }

  static JsonObject capsRule(String id) {
    return new JsonObject().put("id", id).put("type", "caps").put("maxCapsRatio", 0.7).put("action", "delete");
  }

  static JsonObject regexRule(String id, String pattern) {
    return new JsonObject().put("id", id).put("type", "regex").put("pattern", pattern).put("action", "warn");
  }
}
