package io.configsync.codecs;

import java.util.Arrays;

/**
 * What a (guild, module) looks like AFTER a change, so that a consumer can apply an event knowing
 * nothing else.
 */
public enum ModuleAction {
  /** Enabled now, and was not before the change. */
  ENABLED("enabled"),
  /** Not enabled after the change: disabled, deleted, or the config of a disabled module edited. */
  DISABLED("disabled"),
  /** Enabled before and after; the config changed. */
  CONFIG_UPDATED("config_updated");

  private final String wireName;

  ModuleAction(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON and in the event log. */
  public String wireName() {
    return wireName;
  }

  public boolean leavesEnabled() {
    return this != DISABLED;
  }

  public static ModuleAction fromWireName(String name) {
    return Arrays.stream(values())
        .filter(action -> action.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown module action: " + name));
  }

  /** The action that describes going from {@code wasEnabled} to {@code nowEnabled}. */
  public static ModuleAction between(boolean wasEnabled, boolean nowEnabled) {
    if (!nowEnabled) {
      return DISABLED;
    }
    return wasEnabled ? CONFIG_UPDATED : ENABLED;
  }
}
