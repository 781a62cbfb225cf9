package io.configsync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.ShardAddress;
import io.configsync.codecs.ShardSpec;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bot session: one bridge socket's identity, registrations and behaviour")
class BotSessionTest {

  private static final GatewayConfig CONFIG = GatewayConfig.builder("gw-1", BotCredentials.parse("bot-a:t"))
      .framesPerSecond(0.001, 3).build();

  @Test
  @DisplayName("anonymous until it authenticates; then its bot and shards, also as seen from another thread")
  void identity() throws Exception {
    BotSession session = new BotSession(CONFIG, null);
    assertThat(session.authenticated()).isFalse();
    assertThat(session.botId()).isNull();
    assertThat(session.shards()).isNull();

    session.authenticate("bot-a", ShardSpec.parse("0,1/4"));

    assertThat(session.authenticated()).isTrue();
    assertThat(CompletableFuture.supplyAsync(() -> session.botId() + " " + session.shards()).get())
        .isEqualTo("bot-a 0,1/4");
  }

  @Test
  @DisplayName("registrations are counted per (count, shard): each unregister removes one, a stranger none")
  void registrations() {
    BotSession session = new BotSession(CONFIG, null);
    session.registered(new ShardAddress(4, 0));
    session.registered(new ShardAddress(4, 1));

    assertThat(session.isRegistered(new ShardAddress(4, 0))).isTrue();
    assertThat(session.isRegistered(new ShardAddress(8, 0))).isFalse();
    assertThat(session.unregistered(new ShardAddress(4, 0))).isTrue();
    assertThat(session.unregistered(new ShardAddress(4, 0))).isFalse();
    assertThat(session.registrations()).containsExactly(new ShardAddress(4, 1));
  }

  @Test
  @DisplayName("frames beyond the burst are refused; refusals and failed authentications are counted; closing sticks")
  void behaviour() {
    BotSession session = new BotSession(CONFIG, null);
    assertThat(IntStream.range(0, 5).mapToObj(i -> session.allowFrame())).containsExactly(true, true, true, false, false);
    assertThat(session.recordRefusal()).isEqualTo(1);
    assertThat(session.recordRefusal()).isEqualTo(2);
    assertThat(session.recordAuthFailure()).isEqualTo(1);
    assertThat(session.isClosing()).isFalse();
    session.closing();
    assertThat(session.isClosing()).isTrue();
  }
}
