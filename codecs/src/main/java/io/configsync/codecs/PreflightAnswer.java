package io.configsync.codecs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A bot's answer to a {@link PreflightRequest}: what it sees of the guild on Discord that would stop
 * the config from working (a channel that does not exist, a permission it lacks); empty when it sees
 * nothing wrong.
 */
public record PreflightAnswer(String botId, List<String> problems) {

  public PreflightAnswer {
    problems = List.copyOf(problems);
  }

  public JsonObject toJson() {
    return new JsonObject().put("botId", botId).put("problems", new JsonArray(List.copyOf(problems)));
  }

  public static PreflightAnswer fromJson(JsonObject json) {
    return new PreflightAnswer(json.getString("botId"),
        json.getJsonArray("problems", new JsonArray()).stream().map(String::valueOf).toList());
  }
}
