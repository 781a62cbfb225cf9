package io.configsync.bot.commands;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** How replies name one module, and what changed between two of its configs, in an admin's words. */
interface ConfigChanges {

  String moduleId();

  /** Said after a config change that left the module off, e.g. how to turn it on. */
  String whenOff();

  /** Said when the module has no config in the guild yet: how to set it up. */
  String howToSetUp();

  /**
   * What differs from {@code before} to {@code after} (either may be null: none), e.g. {@code
   * channel <#1> → <#2>}; empty when nothing visible does.
   */
  List<String> between(JsonObject before, JsonObject after);
}
