package io.configsync.bench.propagation;

import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one bot applied, and when. The bot calls {@link #applied} on its own thread, in revision
 * order; the bench thread opens a {@link Window} over the revisions of a phase, waits until the bot
 * reached the phase's last revision, then reads the window: the bot's writes to it happen before
 * its volatile write of {@link #lastApplied()}.
 */
final class AppliedProbe {

  /** Per revision of a phase, what this bot saw; 0 where it did not apply that revision. */
  static final class Window {
    final long firstRevision;
    final long[] appliedNanos;
    final long[] commitToAppliedMicros;

    Window(long firstRevision, int capacity) {
      this.firstRevision = firstRevision;
      this.appliedNanos = new long[capacity];
      this.commitToAppliedMicros = new long[capacity];
    }

    boolean applied(long revision) {
      return appliedNanos[index(revision)] != 0;
    }

    int index(long revision) {
      return (int) (revision - firstRevision);
    }

    boolean covers(long revision) {
      return revision >= firstRevision && revision - firstRevision < appliedNanos.length;
    }
  }

  private final String botId;
  private final boolean inCluster;
  private volatile Window window;
  private volatile long lastApplied = -1;
  /** Commit → applied of every event, whatever the window; read in intervals by the bench thread. */
  private final Recorder lagMicros = new Recorder(60_000_000, 2);

  AppliedProbe(String botId, boolean inCluster) {
    this.botId = botId;
    this.inCluster = inCluster;
  }

  String botId() {
    return botId;
  }

  /** True for a bot inside the cluster, false for a bridge bot. */
  boolean inCluster() {
    return inCluster;
  }

  /**
   * Called by the bot once it has applied {@code revision}, committed at {@code committedAt}. Wall
   * clock for commit → applied (the commit time is a wall-clock timestamp), monotonic clock for the
   * rest.
   */
  void applied(long revision, Instant committedAt) {
    long nanos = System.nanoTime();
    Instant now = Instant.now();
    long commitToApplied = (now.getEpochSecond() - committedAt.getEpochSecond()) * 1_000_000
        + (now.getNano() - committedAt.getNano()) / 1_000;
    Window current = window;
    if (current != null && current.covers(revision)) {
      int i = current.index(revision);
      current.appliedNanos[i] = nanos;
      current.commitToAppliedMicros[i] = commitToApplied;
    }
    lagMicros.recordValue(Math.min(60_000_000, Math.max(0, commitToApplied)));
    lastApplied = revision;
  }

  Window open(long firstRevision, int capacity) {
    Window opened = new Window(firstRevision, capacity);
    window = opened;
    return opened;
  }

  void close() {
    window = null;
  }

  /** Commit → applied of the events applied since the previous call (µs). */
  Histogram lagSinceLastCall() {
    return lagMicros.getIntervalHistogram();
  }

  long lastApplied() {
    return lastApplied;
  }
}
