package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.ApplyStatus;
import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which apply results the bot acks: every live change, but from a bulk load only what the backend must hear. */
@DisplayName("Module loader apply statuses")
class ModuleLoaderStatusTest {

  private static final String GUILD_A = "400000000000000000";
  private static final String GUILD_B = "400000000004194304";
  private static final String GUILD_C = "400000000008388608";

  private final RecordingModule welcome = new RecordingModule("welcome");
  private final ModuleLoader loader = new ModuleLoader(ShardSpec.ALL).register(welcome);

  @Test
  @DisplayName("a live change is reported whether its module took it or not")
  void liveChangesAlwaysReported() {
    loader.apply(event(1, GUILD_A, "hello", 1));
    loader.apply(event(2, GUILD_B, RecordingModule.UNUSABLE + " channel", 1));

    assertThat(describe(loader.statuses().take(10))).containsExactly(GUILD_A + " v1 ok",
        GUILD_B + " v1 cannot act on unusable channel");
    assertThat(loader.statuses().allReported()).isTrue();
  }

  @Test
  @DisplayName("a bulk load reports only the configs its modules could not act on")
  void bulkLoadReportsFailuresOnly() {
    load(item(GUILD_A, 1, "hello"), item(GUILD_B, 4, RecordingModule.UNUSABLE + " channel"), item(GUILD_C, 2, "hi"));

    assertThat(describe(loader.statuses().take(10)))
        .containsExactly(GUILD_B + " v4 cannot act on unusable channel");
    assertThat(loader.statuses().allReported()).isTrue();
  }

  @Test
  @DisplayName("a config that failed and was reported has its recovery reported, even from a bulk load")
  void recoveryFromAReportedFailureIsReported() {
    load(item(GUILD_A, 1, RecordingModule.UNUSABLE + " channel"));
    assertThat(describe(loader.statuses().take(10))).containsExactly(GUILD_A + " v1 cannot act on unusable channel");

    load(item(GUILD_A, 2, "fixed"));
    assertThat(describe(loader.statuses().take(10))).containsExactly(GUILD_A + " v2 ok");

    load(item(GUILD_A, 3, "fine again"));
    assertThat(loader.statuses().take(10)).as("nothing to correct any more").isEmpty();
  }

  @Test
  @DisplayName("a failure not yet reported is dropped when a later bulk-loaded version works")
  void unreportedFailureSupersededByALaterVersion() {
    load(item(GUILD_A, 1, RecordingModule.UNUSABLE + " channel"));
    load(item(GUILD_A, 2, "fixed"));

    assertThat(loader.statuses().take(10)).isEmpty();
    assertThat(loader.statuses().allReported()).isTrue();
  }

  @Test
  @DisplayName("leaving a guild and joining it again go through the hooks: disable, nothing while away, enable reported")
  void leavingAndJoiningAreReported() {
    // GIVEN a config the module cannot act on, reported
    loader.apply(event(1, GUILD_A, RecordingModule.UNUSABLE + " channel", 1));
    loader.statuses().take(10);

    // WHEN the bot leaves the guild, a change comes meanwhile, and the bot joins again
    int disabled = loader.guildLeft(Long.parseLong(GUILD_A));
    loader.apply(event(2, GUILD_A, "fixed", 2));
    int reEnabled = loader.guildJoined(Long.parseLong(GUILD_A));

    // THEN the disable and the re-enable with the newest config are reported, and only the first failure counted
    assertThat(disabled).isEqualTo(1);
    assertThat(reEnabled).isEqualTo(1);
    assertThat(welcome.calls()).containsExactly("enable " + GUILD_A + " " + RecordingModule.UNUSABLE + " channel",
        "disable " + GUILD_A, "enable " + GUILD_A + " fixed");
    assertThat(describe(loader.statuses().take(10))).containsExactly(GUILD_A + " v2 ok");
    assertThat(loader.moduleFailures()).isEqualTo(1);
    assertThat(loader.statuses().allReported()).isTrue();
  }

  private void load(BackendClient.BulkItem... items) {
    ModuleLoader.Loading loading = loader.startLoading("welcome");
    for (BackendClient.BulkItem item : items) {
      loading.add(item);
    }
    loading.finish();
  }

  private static List<String> describe(List<ApplyStatus> statuses) {
    return statuses.stream().map(status -> status.guildId() + " v" + status.version() + " "
        + (status.ok() ? "ok" : status.error())).toList();
  }

  private static BackendClient.BulkItem item(String guild, long version, String message) {
    return new BackendClient.BulkItem(guild, version, config(message));
  }

  private static JsonObject config(String message) {
    return new JsonObject().put("message", message).put("channelId", "81384788765712390");
  }

  private static ModuleChangeEvent event(long revision, String guild, String message, long version) {
    return new ModuleChangeEvent(revision, guild, "welcome", ModuleAction.ENABLED, config(message), version,
        Instant.now(), ModuleChangeEvent.ORIGIN_BACKEND);
  }
}
