package io.configsync.backend.store;

/** Retention may have removed events after the requested revision: the reader must reload the state. */
public final class RevisionGone extends RuntimeException {

  private final long horizon;

  public RevisionGone(long after, long horizon) {
    super("revision " + after + " is past the event log's retention: events after it may have been compacted"
        + " (the log is complete after revision " + horizon + "); reload the full state", null, false, false);
    this.horizon = horizon;
  }

  /** Replays after this revision are complete. */
  public long horizon() {
    return horizon;
  }
}
