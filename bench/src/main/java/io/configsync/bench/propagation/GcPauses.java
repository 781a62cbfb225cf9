package io.configsync.bench.propagation;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world collections of this JVM, as the collectors report them, so that a phase can
 * say whether a pause fell in its window: every node of the bench shares this JVM, so one young
 * collection delays every write in flight, and a 10 s phase that holds one has it as its p99.
 */
final class GcPauses {

  /** The pauses in a window: how many, their total and the longest, in ms. */
  record Summary(int count, double totalMs, double longestMs) {

    String describe() {
      return count == 0 ? "no GC pause"
          : String.format(Locale.ROOT, "%d GC pause%s, %.1f ms in all, the longest %.1f ms", count,
              count == 1 ? "" : "s", totalMs, longestMs);
    }
  }

  private record Pause(long endNanos, double millis) {}

  private final List<Pause> pauses = new ArrayList<>();
  private final List<Runnable> removals = new ArrayList<>();

  /** Listens to every collector of this JVM but the concurrent ones, which do not stop it. */
  static GcPauses listen() {
    GcPauses recorded = new GcPauses();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector.getName().contains("Concurrent") || !(collector instanceof NotificationEmitter emitter)) {
        continue;
      }
      NotificationListener listener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          GarbageCollectionNotificationInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          recorded.add(System.nanoTime(), info.getGcInfo().getDuration());
        }
      };
      emitter.addNotificationListener(listener, null, null);
      recorded.removals.add(() -> {
        try {
          emitter.removeNotificationListener(listener);
        } catch (javax.management.ListenerNotFoundException gone) {
          // removed already
        }
      });
    }
    return recorded;
  }

  private synchronized void add(long endNanos, long millis) {
    pauses.add(new Pause(endNanos, millis));
  }

  /** The pauses that ended in {@code [fromNanos, toNanos]} ({@link System#nanoTime()}). */
  synchronized Summary between(long fromNanos, long toNanos) {
    int count = 0;
    double total = 0;
    double longest = 0;
    for (Pause pause : pauses) {
      if (pause.endNanos() >= fromNanos && pause.endNanos() <= toNanos) {
        count++;
        total += pause.millis();
        longest = Math.max(longest, pause.millis());
      }
    }
    return new Summary(count, total, longest);
  }

  void stop() {
    removals.forEach(Runnable::run);
  }
}
