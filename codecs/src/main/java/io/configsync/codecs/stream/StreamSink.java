package io.configsync.codecs.stream;

import io.configsync.codecs.Replay;
import io.configsync.codecs.ModuleChangeEvent;

/** What an {@link OrderedStream} delivers to, in revision order, each revision once. */
public interface StreamSink {

  /**
   * An event, once everything before it is applied.
   *
   * @param pageSize the number of events of the log page that brought it, 0 if it came live
   */
  void apply(ModuleChangeEvent event, int pageSize);

  /** A page of the log was applied; {@code position} is where the stream now stands. */
  default void pageApplied(Replay.Page page, long position) {}
}
