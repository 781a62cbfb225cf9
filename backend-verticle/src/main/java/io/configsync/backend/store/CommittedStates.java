package io.configsync.backend.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The states the group commit itself committed most recently, and the revision counter's value after
 * its last commit: what lets a batch of writes to those keys be planned without reading them back,
 * and commit in one round trip. Confined to the writer's context.
 *
 * <p>Why it cannot go stale unnoticed: every other change of a state moves the revision counter (a
 * writer in another backend, an import), and the one-round-trip commit only goes through while the
 * counter is still where this writer left it. {@code rebuild-state --repair} rewrites states without
 * moving the counter, but only to the state the event log gives, which for these keys is what this
 * writer committed.
 *
 * <p>Bounded by entries and by the length of the configs' JSON, least recently written out first.
 */
final class CommittedStates {

  private record Entry(ModuleState state, int configLength) {}

  private static final long UNKNOWN = -1;

  private final int maxEntries;
  private final long maxConfigChars;
  private final LinkedHashMap<StateKey, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long configChars;
  private long head = UNKNOWN;

  CommittedStates(int maxEntries, long maxConfigChars) {
    this.maxEntries = maxEntries;
    this.maxConfigChars = maxConfigChars;
  }

  /**
   * The state of {@code key} as of {@link #head()}, or null when it is not known here (never
   * configured, or not written by this writer lately).
   */
  ModuleState get(StateKey key) {
    Entry entry = entries.get(key);
    return entry == null ? null : entry.state();
  }

  boolean knows(StateKey key) {
    return head != UNKNOWN && entries.containsKey(key);
  }

  /** The revision counter's value after this writer's last commit, if no one else has moved it since. */
  long head() {
    return head;
  }

  /**
   * After a commit that found the counter at {@code counterBefore}: keeps {@code committed} (each
   * config's JSON length from {@code texts}) and the new head. If the counter was not where this
   * writer left it, someone else committed meanwhile and every other state kept here may be stale.
   */
  void committed(long counterBefore, long counterAfter, Iterable<ModuleState> committed, Rows.ConfigTexts texts) {
    if (counterBefore != head) {
      forget();
    }
    for (ModuleState state : committed) {
      String text = texts.of(state.config());
      put(new StateKey(state.guildId(), state.moduleId()), new Entry(state, text == null ? 0 : text.length()));
    }
    head = counterAfter;
  }

  /** After a failure whose outcome is unknown, or a commit found the counter moved by someone else. */
  void forget() {
    entries.clear();
    configChars = 0;
    head = UNKNOWN;
  }

  private void put(StateKey key, Entry entry) {
    Entry replaced = entries.put(key, entry);
    configChars += entry.configLength() - (replaced == null ? 0 : replaced.configLength());
    Iterator<Map.Entry<StateKey, Entry>> oldestFirst = entries.entrySet().iterator();
    while (entries.size() > maxEntries || configChars > maxConfigChars) {
      configChars -= oldestFirst.next().getValue().configLength();
      oldestFirst.remove();
    }
  }

  int size() {
    return entries.size();
  }
}
