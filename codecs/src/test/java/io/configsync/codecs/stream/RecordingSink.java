package io.configsync.codecs.stream;

import io.configsync.codecs.ModuleChangeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Holds what the stream applied: the last event per (guild, module), and the order of revisions. */
final class RecordingSink implements StreamSink {

  final Map<String, ModuleChangeEvent> state = new LinkedHashMap<>();
  /** Revisions applied since the last full load. */
  final List<Long> applied = new ArrayList<>();

  static String key(ModuleChangeEvent event) {
    return event.guildId() + "/" + event.moduleId();
  }

  @Override
  public void apply(ModuleChangeEvent event, int pageSize) {
    applied.add(event.revision());
    state.put(key(event), event);
  }

  void replaceWith(Map<String, ModuleChangeEvent> loaded) {
    state.clear();
    state.putAll(loaded);
    applied.clear();
  }
}
