package io.configsync.codecs.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Time that passes only when the test says so. */
final class ManualTimer implements StreamTimer {

  private record Task(long dueNanos, long order, Runnable task) {}

  private final List<Task> tasks = new ArrayList<>();
  private long now;
  private long order;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void schedule(long delayMs, Runnable task) {
    tasks.add(new Task(now + delayMs * 1_000_000, order++, task));
  }

  /** Moves time on by {@code ms}, running every task that falls due, in order. */
  void advance(long ms) {
    long until = now + ms * 1_000_000;
    while (true) {
      Task next = tasks.stream().filter(t -> t.dueNanos() <= until)
          .min(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::order)).orElse(null);
      if (next == null) {
        break;
      }
      tasks.remove(next);
      now = Math.max(now, next.dueNanos());
      next.task().run();
    }
    now = until;
  }

  int scheduled() {
    return tasks.size();
  }
}
