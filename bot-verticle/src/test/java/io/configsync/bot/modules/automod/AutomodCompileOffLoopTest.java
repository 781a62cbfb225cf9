package io.configsync.bot.modules.automod;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.discord.MessagePosted;
import io.configsync.bot.discord.RecordingDiscordPort;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Automod on an event loop: new patterns compile on a worker, in order")
class AutomodCompileOffLoopTest {

  private static final String GUILD = "111111111111111111";

  private final RecordingDiscordPort discord = new RecordingDiscordPort();
  private final AutomodModule automod = new AutomodModule(discord);

  private static JsonObject regexConfig(String pattern) {
    return new JsonObject().put("rules", new JsonArray().add(new JsonObject()
        .put("id", "r").put("type", "regex").put("pattern", pattern).put("action", "delete")));
  }

  private static MessagePosted post(String content) {
    return new MessagePosted(GUILD, "333333333333333333", "444444444444444444", "222222222222222222",
        "<@222222222222222222>", content, false);
  }

  /**
   * Holds the context's ordered blocking tasks until the latch opens: a compile queued meanwhile
   * cannot finish before the test looks, however the threads are scheduled.
   */
  private static CountDownLatch holdOrderedWorkers(Context context) {
    CountDownLatch gate = new CountDownLatch(1);
    context.executeBlocking(() -> gate.await(10, TimeUnit.SECONDS), true);
    return gate;
  }

  @Test
  @DisplayName("a pattern not compiled yet is compiled off the event loop, and the rules apply once it is")
  void newPatternCompilesOnAWorker(Vertx vertx, VertxTestContext ctx) {
    String marker = "m" + UUID.randomUUID().toString().replace("-", "");
    String pattern = marker + "[0-9]{3}";
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      CountDownLatch gate = holdOrderedWorkers(context);
      Future<Void> enabled = automod.onEnable(GUILD, regexConfig(pattern));
      boolean compiledAlready = SharedPatterns.isCached(pattern);
      gate.countDown();
      enabled.onComplete(ctx.succeeding(done -> ctx.verify(() -> {
        assertThat(compiledAlready).as("compiled before onEnable returned").isFalse();
        assertThat(Vertx.currentContext()).isSameAs(context);
        automod.onMessagePosted(post("x " + marker + "123"));
        assertThat(discord.calls()).hasSize(1);
        ctx.completeNow();
      })));
    });
  }

  @Test
  @DisplayName("a disable that comes while a new pattern compiles wins: no rules stay")
  void disableDuringCompileWins(Vertx vertx, VertxTestContext ctx) {
    String marker = "d" + UUID.randomUUID().toString().replace("-", "");
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      CountDownLatch gate = holdOrderedWorkers(context);
      Future<Void> enabled = automod.onEnable(GUILD, regexConfig(marker));
      automod.onDisable(GUILD);
      gate.countDown();
      enabled.onComplete(ctx.succeeding(done -> ctx.verify(() -> {
        automod.onMessagePosted(post(marker));
        assertThat(discord.calls()).isEmpty();
        ctx.completeNow();
      })));
    });
  }
}
