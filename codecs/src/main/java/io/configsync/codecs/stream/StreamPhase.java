package io.configsync.codecs.stream;

/** Where an {@link OrderedStream} stands. Exactly one at a time; nothing else says it. */
public enum StreamPhase {
  /** Not started. */
  IDLE,
  /** A full load is under way (or waits to be retried); live events wait in the pending buffer. */
  LOADING,
  /** Has a position; a page of the log is being fetched (or waits to be retried) to fill a hole. */
  CATCHING_UP,
  /** Has a position and nothing in flight: applies live events as they come in order. */
  LIVE,
  /** Stopped: applies nothing more. */
  STOPPED;

  /** Whether the stream has a position: everything up to it is applied. */
  public boolean ready() {
    return this == CATCHING_UP || this == LIVE;
  }
}
