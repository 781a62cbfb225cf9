package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.bot.BotConfig;
import io.configsync.codecs.ShardSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bulk load read as it streams in, against a backend that answers from a script, byte by byte if asked. */
@ExtendWith(VertxExtension.class)
@DisplayName("Streamed bulk load")
class StreamedBulkLoadTest {

  private static final long FIRST_GUILD = 400_000_000_000_000_000L;

  /** What the scripted backend does with the next bulk-load request. */
  private enum Answer { WHOLE, CUT_MIDWAY, ENDED_EARLY, MALFORMED, UNAVAILABLE }

  private Vertx vertx;
  private Context context;
  private HttpServer server;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private volatile JsonObject body = load(7, 40);
  /** What the backend serves once a load was cut: the state moved on meanwhile. */
  private volatile JsonObject bodyAfterCut;
  private final List<HttpServer> servers = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    server = startServer();
  }

  @AfterEach
  void stop() throws Exception {
    for (HttpServer each : servers) {
      ContextCalls.join(each.close());
    }
  }

  @Test
  @DisplayName("hands on every item in order and the revision, from a body that arrives a few bytes at a time")
  void streamsItems() throws Exception {
    List<BackendClient.BulkItem> items = new ArrayList<>();
    BackendClient client = client(server);

    long revision = onContext(() -> client.bulkLoad("welcome", ShardSpec.ALL, items::add));

    assertThat(revision).isEqualTo(7);
    assertThat(items).hasSize(40);
    for (int i = 0; i < 40; i++) {
      JsonObject expected = body.getJsonArray("items").getJsonObject(i);
      assertThat(items.get(i).guildId()).isEqualTo(expected.getString("guildId"));
      assertThat(items.get(i).version()).isEqualTo(expected.getLong("version"));
      assertThat(items.get(i).config().toJsonObject()).isEqualTo(expected.getJsonObject("config"));
    }
  }

  @Test
  @DisplayName("fails, rather than load part of the state, when the connection is cut, the body ends early or is malformed")
  void failsOnBrokenBodies() throws Exception {
    BackendClient client = client(server);
    for (Answer broken : List.of(Answer.CUT_MIDWAY, Answer.ENDED_EARLY, Answer.MALFORMED)) {
      answers.add(broken);
      List<BackendClient.BulkItem> items = new ArrayList<>();
      assertThatThrownBy(() -> onContext(() -> client.bulkLoad("welcome", ShardSpec.ALL, items::add)))
          .as(broken.name()).isNotNull();
      assertThat(items).as(broken.name()).hasSizeLessThan(40);
    }
  }

  @Test
  @DisplayName("tries the next backend when one fails before any item, not once items were handed on")
  void failsOverOnlyBeforeItems() throws Exception {
    HttpServer second = startServer();
    BackendClient client = new BackendClient(vertx, List.of(uri(server), uri(second)), null);

    answers.add(Answer.UNAVAILABLE);
    List<BackendClient.BulkItem> items = new ArrayList<>();
    assertThat((long) onContext(() -> client.bulkLoad("welcome", ShardSpec.ALL, items::add))).isEqualTo(7);
    assertThat(items).hasSize(40);

    answers.add(Answer.CUT_MIDWAY);
    List<BackendClient.BulkItem> partial = new ArrayList<>();
    assertThatThrownBy(() -> onContext(() -> client.bulkLoad("welcome", ShardSpec.ALL, partial::add)))
        .isNotNull();
    assertThat(partial).isNotEmpty().hasSizeLessThan(40);
  }

  @Test
  @DisplayName("a bot whose load was cut midway loads again from the start and holds exactly the backend's state")
  void botRetriesACutLoad() throws Exception {
    // GIVEN the first load is cut midway, and a guild it delivered is gone by the second load
    answers.add(Answer.CUT_MIDWAY);
    JsonObject second = load(9, 40);
    second.getJsonArray("items").remove(0);
    RecordingModule welcome = new RecordingModule("welcome");
    BotConfig config = BotConfig.builder().botId("bot-streamed").shards(ShardSpec.ALL).backendUrls(List.of(uri(server)))
        .catchUpPageSize(100).retryDelay(Duration.ofMillis(20)).snapshotInterval(Duration.ofMinutes(10)).build();
    ModuleLoader loader = new ModuleLoader(ShardSpec.ALL).register(welcome);
    EventSequencer sequencer = new EventSequencer(vertx, config, loader,
        new BackendClient(vertx, config.backendUrls(), null), new SimpleMeterRegistry());
    bodyAfterCut = second;

    // WHEN the bot starts
    onContext(sequencer::start);

    // THEN it ends up holding the second load exactly, each guild enabled once
    JsonObject state = onContext(() -> Future.succeededFuture(sequencer.state()));
    assertThat(state.getLong("revision")).isEqualTo(9);
    assertThat(state.getLong("count")).isEqualTo(39);
    assertThat(state.getLong("fullReloads")).isGreaterThanOrEqualTo(2);
    String firstGuild = Long.toString(FIRST_GUILD);
    assertThat(welcome.calls()).filteredOn(call -> call.startsWith("enable")).doesNotHaveDuplicates();
    assertThat(onContext(() -> Future.succeededFuture(loader.heldConfigs().find(firstGuild, "welcome"))))
        .hasValueSatisfying(held -> assertThat(held.enabled()).isFalse());
    assertThat(onContext(() -> Future.succeededFuture(loader.heldConfigs().find(
        Long.toString(FIRST_GUILD + (39L << 22)), "welcome"))))
        .hasValueSatisfying(held -> assertThat(held.config()).isEqualTo(
            second.getJsonArray("items").getJsonObject(38).getJsonObject("config")));
    onContext(sequencer::stop);
  }

  private HttpServer startServer() throws Exception {
    HttpServer started = ContextCalls.join(vertx.createHttpServer().requestHandler(request -> {
      Answer answer = answers.poll();
      answer = answer == null ? Answer.WHOLE : answer;
      HttpServerResponse response = request.response();
      if (answer == Answer.UNAVAILABLE) {
        response.setStatusCode(503).end("{\"error\":{\"code\":\"UNAVAILABLE\"}}");
        return;
      }
      byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
      int end = answer == Answer.WHOLE ? bytes.length : bytes.length / 2;
      response.setChunked(true).putHeader("Content-Type", "application/json");
      writeInSmallChunks(response, bytes, 0, end, answer);
    }).listen(0, "127.0.0.1"));
    servers.add(started);
    return started;
  }

  private void writeInSmallChunks(HttpServerResponse response, byte[] bytes, int from, int end, Answer answer) {
    if (from >= end) {
      if (answer == Answer.CUT_MIDWAY) {
        if (bodyAfterCut != null) {
          body = bodyAfterCut;
        }
        response.reset(); // every chunk before it is already on the socket: the client has half the body
      } else {
        // Malformed whether the cut fell inside a string (never closed) or not (a syntax error).
        response.end(answer == Answer.MALFORMED ? ",,,]}" : "");
      }
      return;
    }
    int to = Math.min(end, from + 97);
    response.write(Buffer.buffer(Arrays.copyOfRange(bytes, from, to)))
        .onSuccess(written -> writeInSmallChunks(response, bytes, to, end, answer));
  }

  /** {@code count} welcome configs as the backend's bulk load has them, at {@code revision}. */
  private static JsonObject load(long revision, int count) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < count; i++) {
      items.add(new JsonObject()
          .put("guildId", Long.toString(FIRST_GUILD + ((long) i << 22)))
          .put("version", revision - i % 3)
          .put("config", new JsonObject().put("channelId", "81384788765712390")
              .put("message", "Welcome {user.mention} \u00e9\u4e16\ud83d\ude00 #" + i + " r" + revision)
              .put("dm", i % 2 == 0)));
    }
    return new JsonObject().put("revision", revision).put("moduleId", "welcome").put("items", items);
  }

  private BackendClient client(HttpServer target) {
    return new BackendClient(vertx, List.of(uri(target)), null);
  }

  private static URI uri(HttpServer target) {
    return URI.create("http://127.0.0.1:" + target.actualPort());
  }

  private <T> T onContext(Supplier<Future<T>> work) throws Exception {
    return ContextCalls.onContext(context, work);
  }
}
