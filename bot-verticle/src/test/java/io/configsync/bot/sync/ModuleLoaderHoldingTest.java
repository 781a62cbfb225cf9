package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the loader holds, kept as compact JSON: read back, snapshotted and restored unchanged. */
@DisplayName("Module loader holding")
class ModuleLoaderHoldingTest {

  private static final String GUILD_A = "400000000000000000";
  private static final String GUILD_B = "400000000004194304";
  private static final String GUILD_C = "400000000008388608";

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("gives back each config as it was applied, a fresh copy every time")
  void givesConfigsBack() {
    ModuleLoader loader = loader(new RecordingModule("welcome"));
    JsonObject config = config("héllo 世界 😀");
    loader.apply(event(1, GUILD_A, ModuleAction.ENABLED, config, 1));

    JsonObject held = loader.heldConfigs().find(GUILD_A, "welcome").orElseThrow().config();
    assertThat(held).isEqualTo(config);
    held.put("message", "changed by a command");
    assertThat(loader.heldConfigs().find(GUILD_A, "welcome").orElseThrow().config()).isEqualTo(config);

    loader.apply(event(2, GUILD_A, ModuleAction.DISABLED, config, 2));
    HeldConfigs.HeldConfig disabled = loader.heldConfigs().find(GUILD_A, "welcome").orElseThrow();
    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.config()).isNull();
    assertThat(disabled.version()).isEqualTo(2);
  }

  @Test
  @DisplayName("a snapshot written and restored holds the same configs, versions and digest")
  void snapshotRoundTrip() {
    RecordingModule welcome = new RecordingModule("welcome");
    ModuleLoader loader = loader(welcome);
    load(loader, item(GUILD_A, 3, "a"), item(GUILD_B, 5, "b"));
    loader.apply(event(6, GUILD_C, ModuleAction.ENABLED, config("c"), 1));
    loader.apply(event(7, GUILD_B, ModuleAction.DISABLED, config("b"), 6));

    BotSnapshotFile file = new BotSnapshotFile(dataDir, "bot", ShardSpec.ALL, List.of("welcome"));
    file.write(new BotSnapshotFile.Snapshot(7, loader.snapshotEntries()));
    RecordingModule restoredModule = new RecordingModule("welcome");
    ModuleLoader restored = loader(restoredModule);
    restored.restore(file.read().orElseThrow().entries());

    assertThat(restored.digest()).isEqualTo(loader.digest());
    for (String guild : List.of(GUILD_A, GUILD_B, GUILD_C)) {
      assertThat(restored.heldConfigs().find(guild, "welcome")).isEqualTo(loader.heldConfigs().find(guild, "welcome"));
    }
    assertThat(restoredModule.calls()).containsExactlyInAnyOrder("enable " + GUILD_A + " a", "enable " + GUILD_C + " c");
  }

  @Test
  @DisplayName("a streamed load disables what it lacks only when finished; an unfinished one changes nothing else")
  void streamedLoad() {
    RecordingModule welcome = new RecordingModule("welcome");
    ModuleLoader loader = loader(welcome);
    load(loader, item(GUILD_A, 1, "a"), item(GUILD_B, 1, "b"));

    // a load that fails after one item: never finished
    ModuleLoader.Loading cut = loader.startLoading("welcome");
    cut.add(item(GUILD_C, 1, "c"));
    assertThat(loader.digest().count()).isEqualTo(3);

    // the load done again: B is gone, A has a new version
    ModuleLoader.Loading again = loader.startLoading("welcome");
    again.add(item(GUILD_A, 2, "a2"));
    again.add(item(GUILD_C, 1, "c"));
    assertThat(again.finish()).isEqualTo(2);

    assertThat(loader.heldConfigs().find(GUILD_B, "welcome").orElseThrow().enabled()).isFalse();
    assertThat(loader.heldConfigs().find(GUILD_A, "welcome").orElseThrow().config()).isEqualTo(config("a2"));
    assertThat(welcome.calls()).containsExactly("enable " + GUILD_A + " a", "enable " + GUILD_B + " b",
        "enable " + GUILD_C + " c", "update " + GUILD_A + " a2", "disable " + GUILD_B);
    assertThat(loader.statuses().take(10)).as("a load reports what it disabled, not each config it holds")
        .extracting(status -> status.guildId() + " v" + status.version())
        .containsExactly(GUILD_B + " v1");
  }

  /** A whole bulk load of welcome, finished. */
  private static void load(ModuleLoader loader, BackendClient.BulkItem... items) {
    ModuleLoader.Loading loading = loader.startLoading("welcome");
    List.of(items).forEach(loading::add);
    loading.finish();
  }

  private static ModuleLoader loader(RecordingModule module) {
    return new ModuleLoader(ShardSpec.ALL).register(module);
  }

  private static JsonObject config(String message) {
    return new JsonObject().put("message", message).put("channelId", "81384788765712390")
        .put("rules", new JsonArray().add(new JsonObject().put("words", new JsonArray().add("w"))));
  }

  private static BackendClient.BulkItem item(String guild, long version, String message) {
    return new BackendClient.BulkItem(guild, version, config(message));
  }

  private static ModuleChangeEvent event(long revision, String guild, ModuleAction action, JsonObject config,
                                         long version) {
    return new ModuleChangeEvent(revision, guild, "welcome", action, config, version, Instant.now(),
        ModuleChangeEvent.ORIGIN_BACKEND);
  }
}
