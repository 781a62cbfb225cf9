package io.configsync.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Valid configs of the bundled modules, and the request bodies that carry them, for tests. */
public final class ModuleConfigs {

  /** The channel every welcome config of the tests greets in. */
  public static final String CHANNEL_ID = "81384788765712390";

  private ModuleConfigs() {}

  /** A welcome config: {@code message} in {@link #CHANNEL_ID}. */
  public static JsonObject welcome(String message) {
    return new JsonObject().put("channelId", CHANNEL_ID).put("message", message);
  }

  /** An automod config of these rules. */
  public static JsonObject automod(JsonObject... rules) {
    return new JsonObject().put("rules", new JsonArray(List.of((Object[]) rules)));
  }

  /** An automod config of one rule {@code banned} that deletes messages with {@code word}. */
  public static JsonObject automodBanning(String word) {
    return automod(bannedWords("banned", word));
  }

  /** A banned_words rule that deletes messages with any of {@code words}. */
  public static JsonObject bannedWords(String id, String... words) {
    return new JsonObject().put("id", id).put("type", "banned_words").put("words", new JsonArray(List.of((Object[]) words)))
        .put("action", "delete");
  }

  /** The body of a PUT that sets {@code config}: {@code {"config": config}}. */
  public static JsonObject body(JsonObject config) {
    return new JsonObject().put("config", config);
  }

  /** The body of a PUT of {@link #welcome(String)}. */
  public static JsonObject welcomeBody(String message) {
    return body(welcome(message));
  }

  /** The body of a PUT of {@link #automodBanning(String)}. */
  public static JsonObject automodBody(String word) {
    return body(automodBanning(word));
  }
}
