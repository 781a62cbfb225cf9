package io.configsync.bot.sync;

import io.configsync.codecs.ApplyStatus;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * How the modules took their configs, until the backend is told: the apply statuses not acked yet,
 * the newest per (guild, module), and the ack policy that decides what each ack carries and which
 * revision it may claim.
 *
 * <p>A live change is always reported. A config loaded in bulk (a full load, a snapshot) is reported
 * only when it failed, or when it recovered from a failure the backend was told of: the backend
 * counts a bot that acked a config's revision as holding it, so a million "ok" statuses after a big
 * load would only hold the bot's ack back while they trickle out.
 *
 * <p>Confined to the bot verticle's context.
 */
public final class ApplyStatusLedger {

  /** Statuses in one ack message at most. */
  static final int MAX_STATUSES_PER_ACK = 500;
  /** Ack messages in one tick at most: a larger backlog leaves over the next ticks. */
  static final int MAX_ACKS_PER_TICK = 20;
  /** The longest between two acks, so that the backend shows the bot as connected. */
  static final long HEARTBEAT_MS = 5_000;

  /** Which results of a hook the backend must hear. */
  enum Report { EVERY_RESULT, FAILURES_AND_RECOVERIES }

  /** One ack to send: the revision this bot holds everything up to, and statuses not acked yet. */
  public record Ack(long revision, List<ApplyStatus> statuses) {}

  /** An apply result not acked yet: {@code error} null when the module could act. */
  private record Pending(long version, String error) {}

  private final BooleanSupplier hooksIdle;
  private final Map<ConfigKey, Pending> unreported = new LinkedHashMap<>();
  /** Configs whose last status taken for the backend was a failure: their recovery must be reported too. */
  private final Set<ConfigKey> reportedFailing = new HashSet<>();
  private long lastAckedRevision = -1;
  private long lastAckAt;

  /** {@code hooksIdle} tells whether every hook called so far has finished. */
  ApplyStatusLedger(BooleanSupplier hooksIdle) {
    this.hooksIdle = hooksIdle;
  }

  /** Records how the hook for version {@code version} of {@code key} ends, once it does. */
  void record(ConfigKey key, long version, Future<Void> result, Report report) {
    if (result.isComplete()) {
      take(key, version, result, report); // as nearly every hook of a bulk load: no handler to allocate
    } else {
      result.onComplete(outcome -> take(key, version, outcome, report));
    }
  }

  private void take(ConfigKey key, long version, AsyncResult<Void> outcome, Report report) {
    Pending waiting = unreported.get(key);
    if (waiting != null && waiting.version() > version) {
      return;
    }
    if (outcome.failed()) {
      unreported.put(key, new Pending(version, ModuleHooks.describe(outcome.cause())));
    } else if (report == Report.EVERY_RESULT || reportedFailing.contains(key)) {
      unreported.put(key, new Pending(version, null));
    } else {
      unreported.remove(key); // an older failure the backend has not seen is moot now
    }
  }

  /**
   * True when every hook called so far has finished and its result was taken: only then may the
   * bot ack its revision, or the backend would count configs as live before their errors arrive.
   */
  public boolean allReported() {
    return hooksIdle.getAsBoolean() && unreported.isEmpty();
  }

  /** Up to {@code max} apply results not acked yet, oldest first; they are then considered reported. */
  public List<ApplyStatus> take(int max) {
    List<ApplyStatus> taken = new ArrayList<>(Math.min(max, unreported.size()));
    Iterator<Map.Entry<ConfigKey, Pending>> entries = unreported.entrySet().iterator();
    while (entries.hasNext() && taken.size() < max) {
      Map.Entry<ConfigKey, Pending> entry = entries.next();
      taken.add(toStatus(entry.getKey(), entry.getValue()));
      entries.remove();
    }
    return taken;
  }

  private ApplyStatus toStatus(ConfigKey key, Pending status) {
    if (status.error() == null) {
      reportedFailing.remove(key);
      return ApplyStatus.ok(key.guild(), key.moduleId(), status.version());
    }
    reportedFailing.add(key);
    return ApplyStatus.failed(key.guild(), key.moduleId(), status.version(), status.error());
  }

  /**
   * The acks to send now, given the revision applied: none when there is nothing new and the last
   * ack is recent, else one or more (a backlog of statuses leaves in several, up to {@link
   * #MAX_ACKS_PER_TICK}). An ack claims {@code appliedRevision} only once every status is taken;
   * until then it repeats the revision acked before.
   *
   * @param appliedRevision read before calling: everything applied up to it is then either in these
   *     acks or was in an earlier one
   */
  public List<Ack> acksDue(long appliedRevision, long nowMillis) {
    List<Ack> due = new ArrayList<>();
    for (int message = 0; message < MAX_ACKS_PER_TICK; message++) {
      List<ApplyStatus> statuses = take(MAX_STATUSES_PER_ACK);
      long revision = allReported() ? appliedRevision : Math.max(0, lastAckedRevision);
      if (revision == lastAckedRevision && statuses.isEmpty() && nowMillis - lastAckAt < HEARTBEAT_MS) {
        break;
      }
      lastAckedRevision = revision;
      lastAckAt = nowMillis;
      due.add(new Ack(revision, statuses));
      if (statuses.size() < MAX_STATUSES_PER_ACK) {
        break;
      }
    }
    return due;
  }
}
