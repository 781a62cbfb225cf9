package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.bot.sync.HeldConfigStore.Change;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The module hooks are called for each change, never in a guild the bot left, and counted")
class ModuleHooksTest {

  private static final long GUILD = 400000000000000000L;
  private static final ConfigKey WELCOME = new ConfigKey(GUILD, "welcome");

  private final RecordingModule welcome = new RecordingModule("welcome");
  private final ModuleHooks hooks = new ModuleHooks();

  ModuleHooksTest() {
    hooks.register(welcome);
  }

  @Test
  @DisplayName("enable, update and disable reach the module; a disabled config disabled again calls nothing")
  void dispatchesTheHookAChangeAsks() {
    hooks.dispatch(new Change(WELCOME, 1, false, true, config("hello")));
    hooks.dispatch(new Change(WELCOME, 2, true, true, config("hi")));
    hooks.dispatch(new Change(WELCOME, 3, true, false, null));
    hooks.dispatch(new Change(WELCOME, 4, false, false, null));

    assertThat(welcome.calls()).containsExactly("enable " + GUILD + " hello", "update " + GUILD + " hi",
        "disable " + GUILD);
  }

  @Test
  @DisplayName("no hook is called in a guild the bot left, until it joins again")
  void absentGuildsGetNoHooks() {
    // GIVEN the bot left the guild
    hooks.markAbsent(GUILD);

    // WHEN a change arrives, then the bot joins again and another arrives
    hooks.dispatch(new Change(WELCOME, 1, false, true, config("while away")));
    boolean wasAbsent = hooks.markPresent(GUILD);
    hooks.dispatch(new Change(WELCOME, 2, false, true, config("back")));

    // THEN only the second reached the module
    assertThat(wasAbsent).isTrue();
    assertThat(hooks.markPresent(GUILD)).as("present already").isFalse();
    assertThat(welcome.calls()).containsExactly("enable " + GUILD + " back");
  }

  @Test
  @DisplayName("hooks still running are counted until they end; failed ones are counted for good")
  void countsHooksInFlightAndFailures() {
    Promise<Void> slow = Promise.promise();
    ModuleHooks slowHooks = new ModuleHooks();
    slowHooks.register(new RecordingModule("welcome", slow.future()));

    slowHooks.dispatch(new Change(WELCOME, 1, false, true, config("slow")));
    assertThat(slowHooks.idle()).isFalse();
    slow.fail("channel gone");
    assertThat(slowHooks.idle()).isTrue();
    assertThat(slowHooks.failures()).isEqualTo(1);

    hooks.dispatch(new Change(WELCOME, 1, false, true, config(RecordingModule.UNUSABLE + " channel")));
    hooks.dispatch(new Change(WELCOME, 2, true, true, config("fine")));
    assertThat(hooks.failures()).isEqualTo(1);
  }

  @Test
  @DisplayName("a module id is registered once")
  void registeredOnce() {
    assertThatThrownBy(() -> hooks.register(new RecordingModule("welcome")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("welcome");
    assertThat(hooks.moduleIds()).containsExactly("welcome");
  }

  private static JsonObject config(String message) {
    return new JsonObject().put("message", message);
  }
}
