package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Listeners of applied events")
class AppliedListenersTest {

  @Test
  @DisplayName("a listener that throws neither stops the others nor reaches the bot")
  void aFailingListenerIsIsolated() {
    AppliedListeners listeners = new AppliedListeners();
    List<Long> seen = new ArrayList<>();
    listeners.add(event -> {
      throw new IllegalStateException("a broken embedder");
    });
    listeners.add(event -> seen.add(event.revision()));

    listeners.accept(event(1));
    listeners.accept(event(2));

    assertThat(seen).containsExactly(1L, 2L);
  }

  @Test
  @DisplayName("a removed listener hears nothing more")
  void aRemovedListenerHearsNothing() {
    AppliedListeners listeners = new AppliedListeners();
    List<Long> seen = new ArrayList<>();
    Consumer<ModuleChangeEvent> listener = event -> seen.add(event.revision());
    listeners.add(listener);
    listeners.accept(event(1));

    listeners.remove(listener);
    listeners.accept(event(2));

    assertThat(seen).containsExactly(1L);
  }

  private static ModuleChangeEvent event(long revision) {
    return new ModuleChangeEvent(revision, "410000000000000001", "welcome", ModuleAction.ENABLED,
        new JsonObject().put("message", "hi"), revision, Instant.now(), ModuleChangeEvent.ORIGIN_BACKEND);
  }
}
