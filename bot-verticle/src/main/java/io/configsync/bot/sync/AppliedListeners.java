package io.configsync.bot.sync;

import io.configsync.codecs.ModuleChangeEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whoever wants to know that the bot applied an event: metrics, and processes that embed a bot (a
 * benchmark, a test). Listeners are called on the bot's context, in revision order, once the bot
 * holds everything up to the event's revision; they must not block. One that throws is logged and
 * does not stop the bot nor the other listeners.
 *
 * <p>Listeners may be added and removed from any thread.
 */
public final class AppliedListeners implements Consumer<ModuleChangeEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(AppliedListeners.class);

  private final List<Consumer<ModuleChangeEvent>> listeners = new CopyOnWriteArrayList<>();

  public void add(Consumer<ModuleChangeEvent> listener) {
    listeners.add(listener);
  }

  public void remove(Consumer<ModuleChangeEvent> listener) {
    listeners.remove(listener);
  }

  @Override
  public void accept(ModuleChangeEvent event) {
    for (Consumer<ModuleChangeEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("A listener of applied events failed on revision {}", event.revision(), e);
      }
    }
  }
}
