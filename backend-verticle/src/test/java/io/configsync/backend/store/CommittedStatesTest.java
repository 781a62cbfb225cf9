package io.configsync.backend.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The states a writer committed itself")
class CommittedStatesTest {

  private static ModuleState state(long guildId, String message, long version) {
    JsonObject config = message == null ? null : new JsonObject().put("message", message);
    return new ModuleState(guildId, "welcome", config != null, config, version, version, Instant.EPOCH);
  }

  private static StateKey key(long guildId) {
    return new StateKey(guildId, "welcome");
  }

  private static void commit(CommittedStates states, long before, long after, ModuleState... committed) {
    states.committed(before, after, List.of(committed), new Rows.ConfigTexts());
  }

  @Test
  @DisplayName("knows nothing until its first commit, then the states it committed, deleted ones too")
  void knowsWhatItCommitted() {
    CommittedStates states = new CommittedStates(10, 1_000);
    assertThat(states.knows(key(1))).isFalse();

    commit(states, 0, 2, state(1, "one", 1), state(2, null, 4));

    assertThat(states.head()).isEqualTo(2);
    assertThat(states.knows(key(1))).isTrue();
    assertThat(states.get(key(1)).config().getString("message")).isEqualTo("one");
    assertThat(states.knows(key(2))).isTrue();
    assertThat(states.get(key(2)).isDeleted()).isTrue();
    assertThat(states.knows(key(3))).isFalse();
  }

  @Test
  @DisplayName("a commit that found the counter moved by someone else forgets every other state")
  void counterMovedElsewhereForgetsTheRest() {
    CommittedStates states = new CommittedStates(10, 1_000);
    commit(states, 0, 2, state(1, "one", 1), state(2, "two", 1));

    commit(states, 5, 6, state(3, "three", 1));

    assertThat(states.knows(key(1))).isFalse();
    assertThat(states.knows(key(2))).isFalse();
    assertThat(states.knows(key(3))).isTrue();
    assertThat(states.head()).isEqualTo(6);
  }

  @Test
  @DisplayName("the least recently written go first, past the entry bound or the JSON bound")
  void boundedByEntriesAndJsonLength() {
    CommittedStates byEntries = new CommittedStates(2, 1_000);
    commit(byEntries, 0, 1, state(1, "a", 1));
    commit(byEntries, 1, 2, state(2, "b", 1));
    commit(byEntries, 2, 3, state(3, "c", 1));
    assertThat(byEntries.size()).isEqualTo(2);
    assertThat(byEntries.knows(key(1))).isFalse();
    assertThat(byEntries.knows(key(3))).isTrue();

    // {"message":"xxxxxxxxxx"} is 24 characters: two fit in 50, not three
    CommittedStates byLength = new CommittedStates(100, 50);
    commit(byLength, 0, 1, state(1, "x".repeat(10), 1));
    commit(byLength, 1, 2, state(2, "x".repeat(10), 1));
    commit(byLength, 2, 3, state(3, "x".repeat(10), 1));
    assertThat(byLength.size()).isEqualTo(2);
    assertThat(byLength.knows(key(1))).isFalse();
    // rewriting a key replaces its length rather than adding to it
    commit(byLength, 3, 4, state(3, "y".repeat(10), 2));
    assertThat(byLength.size()).isEqualTo(2);
    assertThat(byLength.knows(key(2))).isTrue();
  }

  @Test
  @DisplayName("after a failure of unknown outcome it knows nothing")
  void forgets() {
    CommittedStates states = new CommittedStates(10, 1_000);
    commit(states, 0, 1, state(1, "one", 1));

    states.forget();

    assertThat(states.knows(key(1))).isFalse();
    assertThat(states.size()).isZero();
  }
}
