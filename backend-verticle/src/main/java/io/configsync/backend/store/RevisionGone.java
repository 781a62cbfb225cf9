package io.configsync.backend.store;

/** The requested revision is older than what the event log still holds. */
public final class RevisionGone extends RuntimeException {

  private final long oldestAvailable;

  public RevisionGone(long after, long oldestAvailable) {
    super("revision " + after + " is past the event log's retention; the oldest event kept is "
        + oldestAvailable + ": reload the full state", null, false, false);
    this.oldestAvailable = oldestAvailable;
  }

  public long oldestAvailable() {
    return oldestAvailable;
  }
}
