package io.configsync.bench.sync;

import io.configsync.launcher.ConfigSyncNode;
import io.vertx.core.json.JsonObject;

/** Checks that a bot holds exactly what the backend holds: a benchmark of a wrong result measures nothing. */
final class BotStates {

  private BotStates() {}

  /**
   * @param expected the backend's {@code /api/state/digest}
   * @return the bot's {@code /bot/state}
   */
  static JsonObject requireConverged(ConfigSyncNode bot, JsonObject expected) throws Exception {
    JsonObject state = BenchNodes.getJson(bot, "/bot/state");
    if (state.getLong("revision") != expected.getLong("revision").longValue()
        || !state.getString("digest").equals(expected.getString("digest"))
        || state.getLong("count") != expected.getLong("count").longValue()
        || state.getLong("outOfOrder") != 0) {
      throw new AssertionError("the bot holds " + state.encode() + ", the backend " + expected.encode());
    }
    return state;
  }
}
