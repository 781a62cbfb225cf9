package io.configsync.backend;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ModuleChanges;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A local consumer of {@link Addresses#MODULE_CHANGES} that keeps every event in arrival order. */
final class EventRecorder {

  private record Waiter(long revision, Promise<List<ModuleChangeEvent>> promise) {}

  private final List<ModuleChangeEvent> events = new ArrayList<>();
  private final List<Integer> messageSizes = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private MessageConsumer<ModuleChanges> consumer;

  private EventRecorder() {}

  /** Starts recording; the future completes once the consumer is registered. */
  static Future<EventRecorder> listen(Vertx vertx) {
    Codecs.registerAll(vertx.eventBus());
    EventRecorder recorder = new EventRecorder();
    recorder.consumer = vertx.eventBus().consumer(Addresses.MODULE_CHANGES,
        message -> recorder.record(message.body()));
    return recorder.consumer.completion().map(recorder);
  }

  private void record(ModuleChanges changes) {
    synchronized (this) {
      messageSizes.add(changes.events().size());
    }
    changes.events().forEach(this::record);
  }

  private void record(ModuleChangeEvent event) {
    List<Waiter> satisfied = new ArrayList<>();
    List<ModuleChangeEvent> snapshot = null;
    synchronized (this) {
      events.add(event);
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter waiter = it.next();
        if (event.revision() >= waiter.revision()) {
          satisfied.add(waiter);
          it.remove();
        }
      }
      if (!satisfied.isEmpty()) {
        snapshot = List.copyOf(events);
      }
    }
    for (Waiter waiter : satisfied) {
      waiter.promise().complete(snapshot);
    }
  }

  /** Every event received so far, in arrival order. */
  synchronized List<ModuleChangeEvent> events() {
    return List.copyOf(events);
  }

  /** How many events each message carried, in arrival order. */
  synchronized List<Integer> messageSizes() {
    return List.copyOf(messageSizes);
  }

  /** How many events were received so far: a mark for {@link #since(int)}. */
  synchronized int size() {
    return events.size();
  }

  /** The events received after {@code mark}, in arrival order. */
  synchronized List<ModuleChangeEvent> since(int mark) {
    return List.copyOf(events.subList(mark, events.size()));
  }

  /** Completes with every event received once one with at least {@code revision} has arrived. */
  synchronized Future<List<ModuleChangeEvent>> awaitRevision(long revision) {
    if (revision <= 0 || !events.isEmpty() && events.get(events.size() - 1).revision() >= revision) {
      return Future.succeededFuture(List.copyOf(events));
    }
    Promise<List<ModuleChangeEvent>> promise = Promise.promise();
    waiters.add(new Waiter(revision, promise));
    return promise.future();
  }

  Future<Void> stop() {
    return consumer.unregister();
  }
}
