package io.configsync.bot.commands;

import io.configsync.codecs.modules.ModuleDescriptor;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** How replies name one module, and what changed between two of its configs, in an admin's words. */
abstract class ConfigChanges {

  /**
   * How replies name a module.
   *
   * @param whenOff said after a config change that left the module off, e.g. how to turn it on
   * @param howToSetUp said when the module has no config in the guild yet: how to set it up
   */
  record Wording(ModuleDescriptor module, String whenOff, String howToSetUp) {}

  private final Wording wording;

  ConfigChanges(Wording wording) {
    this.wording = wording;
  }

  final String moduleId() {
    return wording.module().id();
  }

  final String whenOff() {
    return wording.whenOff();
  }

  final String howToSetUp() {
    return wording.howToSetUp();
  }

  /**
   * What differs from {@code before} to {@code after} (either may be null: none), e.g. {@code
   * channel <#1> → <#2>}; empty when nothing visible does.
   */
  final List<String> between(JsonObject before, JsonObject after) {
    if (after == null) {
      return before == null ? List.of() : List.of("config deleted");
    }
    return changed(before, after);
  }

  /** What differs from {@code before} (null: none) to {@code after}. */
  abstract List<String> changed(JsonObject before, JsonObject after);
}
