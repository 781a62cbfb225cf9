package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.sync.HeldConfigStore.Change;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The held config store keeps versions, enabled flags and configs, and says what changed")
class HeldConfigStoreTest {

  private static final long GUILD_A = 400000000000000000L;
  private static final long GUILD_B = 400000000004194304L;
  private static final ConfigKey WELCOME_A = new ConfigKey(GUILD_A, "welcome");

  private final HeldConfigStore store = new HeldConfigStore();

  @Test
  @DisplayName("a newer version is held and reported as an enable, then an update; an older one changes nothing")
  void holdsOnlyNewerVersions() {
    // GIVEN version 2 held
    Change enabled = store.holdNewer(WELCOME_A, 2, true, config("v2")).orElseThrow();

    // WHEN versions 2, 1 and 3 arrive
    boolean sameRefused = store.holdNewer(WELCOME_A, 2, true, config("again")).isEmpty();
    boolean olderRefused = store.holdNewer(WELCOME_A, 1, false, null).isEmpty();
    Change updated = store.holdNewer(WELCOME_A, 3, true, config("v3")).orElseThrow();

    // THEN only version 3 replaced it, as an update of an enabled config
    assertThat(enabled).isEqualTo(new Change(WELCOME_A, 2, false, true, config("v2")));
    assertThat(sameRefused).isTrue();
    assertThat(olderRefused).isTrue();
    assertThat(updated).isEqualTo(new Change(WELCOME_A, 3, true, true, config("v3")));
    assertThat(store.view().find(Long.toString(GUILD_A), "welcome").orElseThrow().config()).isEqualTo(config("v3"));
  }

  @Test
  @DisplayName("a disabled config keeps its version, holds no config and leaves the digest")
  void disabledKeepsVersion() {
    store.holdNewer(WELCOME_A, 1, true, config("on"));
    String enabledDigest = store.digest().digest();

    Change disabled = store.holdNewer(WELCOME_A, 2, false, config("on")).orElseThrow();

    assertThat(disabled).isEqualTo(new Change(WELCOME_A, 2, true, false, null));
    HeldConfigs.HeldConfig held = store.view().find(Long.toString(GUILD_A), "welcome").orElseThrow();
    assertThat(held.version()).isEqualTo(2);
    assertThat(held.config()).isNull();
    assertThat(store.digest().count()).isZero();
    assertThat(store.digest().digest()).isNotEqualTo(enabledDigest);
  }

  @Test
  @DisplayName("a finished bulk load disables what it lacked; an item held at the same version is no change")
  void bulkLoad() {
    // GIVEN A and B held enabled
    store.holdNewer(WELCOME_A, 1, true, config("a"));
    store.holdNewer(new ConfigKey(GUILD_B, "welcome"), 1, true, config("b"));

    // WHEN a load brings A at the same version only
    HeldConfigStore.Load load = store.startLoad("welcome");
    boolean sameVersionIsNoChange = load.add(new BackendClient.BulkItem(Long.toString(GUILD_A), 1, config("a")))
        .isEmpty();
    List<Change> finished = load.finish();

    // THEN B is disabled, A untouched
    assertThat(sameVersionIsNoChange).isTrue();
    assertThat(finished).containsExactly(new Change(new ConfigKey(GUILD_B, "welcome"), 1, true, false, null));
    assertThat(load.count()).isEqualTo(1);
    assertThat(store.digest().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("snapshot entries restored hold the same state and enable what was enabled")
  void snapshotRoundTrip() {
    store.holdNewer(WELCOME_A, 4, true, config("a"));
    store.holdNewer(new ConfigKey(GUILD_B, "automod"), 7, false, null);

    HeldConfigStore restored = new HeldConfigStore();
    List<Change> changes = store.snapshotEntries().stream().map(restored::restore).toList();

    assertThat(restored.digest()).isEqualTo(store.digest());
    assertThat(restored.snapshotEntries()).containsExactlyInAnyOrderElementsOf(store.snapshotEntries());
    assertThat(changes).filteredOn(Change::nowEnabled).containsExactly(new Change(WELCOME_A, 4, false, true, config("a")));
    assertThat(restored.enabledIn(GUILD_A)).containsExactly(new Change(WELCOME_A, 4, false, true, config("a")));
    assertThat(restored.enabledIn(GUILD_B)).isEmpty();
  }

  private static JsonObject config(String message) {
    return new JsonObject().put("message", message).put("channelId", "81384788765712390");
  }
}
