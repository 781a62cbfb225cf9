package io.configsync.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Only what needs no network: building the connection, never starting it. */
@ExtendWith(VertxExtension.class)
@DisplayName("Discord connection")
class DiscordConnectionTest {

  @Test
  @DisplayName("offers a port at once, whose calls fail clearly until started")
  void portFailsBeforeStart(Vertx vertx) {
    DiscordConnection connection = new DiscordConnection(
        vertx, "not-a-real-token", 2, new int[] {1}, new DiscordEvents(vertx.getOrCreateContext()));

    Future<Void> sent = connection.port().sendMessage("333333333333333333", "hello");
    Future<Void> timedOut = connection.port()
        .timeoutMember("111111111111111111", "222222222222222222", Duration.ofMinutes(1), "test");

    assertThat(sent.failed()).isTrue();
    assertThat(sent.cause()).isInstanceOf(DiscordPortException.class)
        .hasMessageContaining("not connected to Discord");
    assertThat(timedOut.failed()).isTrue();
  }

  @Test
  @DisplayName("shuts down at once when never started")
  void shutdownBeforeStart(Vertx vertx) {
    DiscordConnection connection = new DiscordConnection(
        vertx, "not-a-real-token", 1, new int[] {0}, new DiscordEvents(vertx.getOrCreateContext()));

    assertThat(connection.shutdown().succeeded()).isTrue();
  }

  @Test
  @DisplayName("refuses a missing token and shards outside the shard count")
  void refusesBadSettings(Vertx vertx) {
    DiscordEvents events = new DiscordEvents(vertx.getOrCreateContext());

    assertThatThrownBy(() -> new DiscordConnection(vertx, " ", 1, new int[] {0}, events))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
    assertThatThrownBy(() -> new DiscordConnection(vertx, "t", 2, new int[] {2}, events))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard 2");
    assertThatThrownBy(() -> new DiscordConnection(vertx, "t", 0, new int[] {0}, events))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DiscordConnection(vertx, "t", 1, new int[] {}, events))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a headless port fails every call, saying why")
  void headlessPortFails() {
    Future<Void> sent = new HeadlessDiscordPort().sendDirectMessage("222222222222222222", "hi");

    assertThat(sent.cause()).hasMessageContaining("DISCORD_TOKEN");
  }

  @Test
  @DisplayName("holds apply checks until the shards are connected, and fails them on shutdown")
  void checksWaitForConnection(Vertx vertx) {
    DiscordConnection connection = new DiscordConnection(
        vertx, "not-a-real-token", 1, new int[] {0}, new DiscordEvents(vertx.getOrCreateContext()));

    Future<Void> canPost = connection.port().checkCanPost("111111111111111111", "333333333333333333");
    Future<Void> permissions = connection.port().checkPermissions("111111111111111111",
        Set.of(ModerationPermission.MANAGE_MESSAGES));

    assertThat(canPost.isComplete()).isFalse();
    assertThat(permissions.isComplete()).isFalse();

    connection.shutdown();

    assertThat(canPost.failed()).isTrue();
    assertThat(canPost.cause()).isInstanceOf(DiscordPortException.class)
        .hasMessageContaining("not connected to Discord");
    assertThat(permissions.failed()).isTrue();
  }

  @Test
  @DisplayName("a headless port passes the apply checks: there is no Discord to check")
  void headlessPortPassesChecks() {
    HeadlessDiscordPort headless = new HeadlessDiscordPort();

    assertThat(headless.checkCanPost("111111111111111111", "333333333333333333").succeeded())
        .isTrue();
    assertThat(headless.checkPermissions("111111111111111111",
        Set.of(ModerationPermission.MODERATE_MEMBERS)).succeeded()).isTrue();
  }
}
