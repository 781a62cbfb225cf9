package io.configsync.codecs;

import java.util.List;

/**
 * Consecutive committed changes, in revision order: what the publisher puts on
 * {@link Addresses#MODULE_CHANGES}, usually the events of one commit. One message per commit rather
 * than per event: every message costs each node it reaches an encoding, a write, a read and a
 * hand-off to the consumer's event loop.
 *
 * @param events at least one; revisions increase by one from each to the next
 */
public record ModuleChanges(List<ModuleChangeEvent> events) {

  public ModuleChanges {
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("no events");
    }
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).revision() != events.get(i - 1).revision() + 1) {
        throw new IllegalArgumentException("revision " + events.get(i).revision() + " follows "
            + events.get(i - 1).revision());
      }
    }
  }

  public long firstRevision() {
    return events.get(0).revision();
  }

  public long lastRevision() {
    return events.get(events.size() - 1).revision();
  }
}
