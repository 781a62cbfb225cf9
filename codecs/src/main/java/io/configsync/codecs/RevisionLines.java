package io.configsync.codecs;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The log lines of a stream of revisions (written, applied): one line per revision at a human
 * pace, and under load one line per interval naming the range, so that "did revision R get here?"
 * stays answerable from the log without a line, and its formatting, per event at thousands per
 * second. Safe to call from any thread.
 */
public final class RevisionLines {

  private final Vertx vertx;
  private final long intervalNanos;
  private final String verb;
  private final Consumer<String> sink;
  private long lastLineAt;
  private long first;
  private long last;
  private long count;
  private Supplier<String> lastLine;

  /**
   * @param verb what happened to the revisions, for the range line ({@code "Applied"})
   * @param sink where the lines go, e.g. {@code LOG::info}
   */
  public RevisionLines(Vertx vertx, Duration interval, String verb, Consumer<String> sink) {
    this.vertx = vertx;
    this.intervalNanos = interval.toNanos();
    this.verb = verb;
    this.sink = sink;
    this.lastLineAt = System.nanoTime() - intervalNanos;
  }

  /** One more revision: its own {@code line} if the last line is an interval old, else counted in a range. */
  public synchronized void add(long revision, Supplier<String> line) {
    long now = System.nanoTime();
    if (count == 0 && now - lastLineAt >= intervalNanos) {
      sink.accept(line.get());
      lastLineAt = now;
      return;
    }
    if (count == 0) {
      first = revision;
      vertx.setTimer(Math.max(1, (intervalNanos - (now - lastLineAt)) / 1_000_000), id -> flush());
    }
    last = revision;
    lastLine = line;
    count++;
  }

  private synchronized void flush() {
    sink.accept(count == 1 ? lastLine.get() : verb + " revisions " + first + ".." + last + " (" + count
        + " since the last line; a line each again below one per " + intervalNanos / 1_000_000 + " ms)");
    lastLine = null;
    lastLineAt = System.nanoTime();
    count = 0;
  }
}
