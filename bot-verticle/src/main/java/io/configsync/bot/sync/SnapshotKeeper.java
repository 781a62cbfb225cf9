package io.configsync.bot.sync;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a bot's {@link BotSnapshotFile} current: what it holds is captured on its context at most
 * once per interval, and only when the applied revision moved, then written on a worker; once more
 * at stop. One write at a time; a failed write is logged and tried again at the next interval. A
 * large snapshot (a million configs take seconds to write) spaces the writes out further, so that
 * writing takes at most {@link #MAX_WRITING_SHARE} of a worker's time.
 *
 * <p>Confined to the bot verticle's context.
 */
final class SnapshotKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotKeeper.class);
  static final double MAX_WRITING_SHARE = 0.1;

  private final Vertx vertx;
  private final BotSnapshotFile file;
  private final Duration interval;
  private final LongSupplier settledRevision;
  private final Supplier<List<BotSnapshotFile.Entry>> entries;
  private long timer = -1;
  private long savedRevision = -1;
  private long nextWriteNotBefore;
  private Future<Void> writing = Future.succeededFuture();

  /**
   * @param settledRevision the applied revision when what is held reflects exactly it and nothing
   *     is half loaded, else a negative number (nothing is saved then)
   * @param entries everything held, captured on the context
   */
  SnapshotKeeper(Vertx vertx, BotSnapshotFile file, Duration interval, LongSupplier settledRevision,
                 Supplier<List<BotSnapshotFile.Entry>> entries) {
    this.vertx = vertx;
    this.file = file;
    this.interval = interval;
    this.settledRevision = settledRevision;
    this.entries = entries;
  }

  /** The snapshot left by this bot's previous run, if any is fit to resume from. */
  Future<Optional<BotSnapshotFile.Snapshot>> read() {
    return vertx.executeBlocking(file::read, false).onSuccess(found ->
        found.ifPresent(snapshot -> savedRevision = snapshot.revision()));
  }

  void start() {
    nextWriteNotBefore = System.nanoTime();
    timer = vertx.setPeriodic(interval.toMillis(), id -> {
      if (writing.isComplete() && System.nanoTime() - nextWriteNotBefore >= 0) {
        saveIfChanged();
      }
    });
  }

  /** Stops the timer and saves what is held now, after any write under way. */
  Future<Void> stop() {
    vertx.cancelTimer(timer);
    return writing.transform(previous -> saveIfChanged()).otherwiseEmpty();
  }

  private Future<Void> saveIfChanged() {
    long revision = settledRevision.getAsLong();
    if (revision < 0 || revision == savedRevision) {
      return Future.succeededFuture();
    }
    BotSnapshotFile.Snapshot snapshot = new BotSnapshotFile.Snapshot(revision, entries.get());
    long started = System.nanoTime();
    writing = vertx.<Void>executeBlocking(() -> {
      file.write(snapshot);
      return null;
    }, false).onComplete(done -> {
      long took = System.nanoTime() - started;
      nextWriteNotBefore = System.nanoTime() + pauseAfter(took);
    }).onSuccess(v -> {
      savedRevision = revision;
      LOG.debug("Saved snapshot {} at revision {}: {} held config(s) in {} ms", file.path(), revision,
          snapshot.entries().size(), (System.nanoTime() - started) / 1_000_000);
    }).onFailure(failure -> LOG.warn("Could not save snapshot {} at revision {}: {}", file.path(), revision,
        failure.toString()));
    return writing;
  }

  /** How long to wait after a write that took {@code tookNanos} to stay within {@link #MAX_WRITING_SHARE}. */
  static long pauseAfter(long tookNanos) {
    return (long) (tookNanos * (1 / MAX_WRITING_SHARE - 1));
  }
}
