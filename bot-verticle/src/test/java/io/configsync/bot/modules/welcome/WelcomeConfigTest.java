package io.configsync.bot.modules.welcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Welcome config")
class WelcomeConfigTest {

  @Test
  @DisplayName("gives back the channel id as written, held as a number; none for a direct message without one")
  void channelIdRoundTrips() {
    WelcomeConfig inChannel = WelcomeConfig.fromJson(new JsonObject()
        .put("channelId", "81384788765712390").put("message", "hi"));
    WelcomeConfig byDm = WelcomeConfig.fromJson(new JsonObject().put("message", "hi").put("dm", true));

    assertThat(inChannel.channelId()).isEqualTo("81384788765712390");
    assertThat(inChannel.dm()).isFalse();
    assertThat(byDm.channelId()).isNull();
    assertThat(byDm.dm()).isTrue();
  }

  @Test
  @DisplayName("refuses a channel that is not a snowflake, and no channel unless by direct message")
  void refusesBadChannels() {
    assertThatThrownBy(() -> WelcomeConfig.fromJson(new JsonObject().put("channelId", "0123").put("message", "hi")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channelId");
    assertThatThrownBy(() -> WelcomeConfig.fromJson(new JsonObject().put("message", "hi")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channelId is required");
    assertThatThrownBy(() -> WelcomeConfig.fromJson(new JsonObject().put("channelId", 5).put("message", "hi")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
