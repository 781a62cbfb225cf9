package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.ModuleChanges;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What SIGTERM does to a backend under writes (the launcher's signal handler calls the same stop). */
@DisplayName("A graceful stop")
class GracefulStopTest {

  private static final int WRITERS = 8;
  private static final int ACKNOWLEDGED_BEFORE_STOP = 40;
  private static final int MAX_CHANGES_PER_WRITER = 5_000;
  private static final String SLOW_GUILD = "919999999999999999";

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private final AtomicBoolean writing = new AtomicBoolean(true);
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private ConfigSyncNode backend;
  private Vertx listener;

  @AfterEach
  void stopEverything() throws Exception {
    TestNodes.stop(backend);
    if (listener != null) {
      listener.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("finishes the writes in flight, publishes every acknowledged one, then leaves the cluster")
  void drainsWritesAndPublishesThemBeforeLeaving() throws Exception {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    TestNodes nodes = new TestNodes(database);
    backend = nodes.startBackend();
    Set<String> published = ConcurrentHashMap.newKeySet();
    listener = clusteredListener(nodes, published);

    // GIVEN writers that keep changing their guild's config, each waiting for its answer
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int writer = 0; writer < WRITERS; writer++) {
      writers.add(write(backend.httpPort(), "91000000000000000" + writer, 1));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_STOP);

    // WHEN the backend stops while writes are in flight, one of them surely: the server has its headers
    // (it answered 100 Continue) but not all of its body
    try (SlowPut slow = new SlowPut(backend.httpPort(), SLOW_GUILD)) {
      slow.awaitHeadersReceived();
      int port = backend.httpPort();
      CompletableFuture<Void> stopped = backend.stop().toCompletionStage().toCompletableFuture();
      await().atMost(Duration.ofSeconds(20)).until(() -> refusesConnections(port));
      assertThat(stopped).as("the stop waits for the request in flight").isNotDone();
      JsonObject answer = slow.finish();
      stopped.get(60, TimeUnit.SECONDS);
      backend = null;
      writing.set(false);
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      // THEN the request in flight was answered, and every acknowledged write was published before it left
      assertThat(answer.getLong("version")).as("the write in flight when the stop began").isEqualTo(1);
      acknowledged.add(SLOW_GUILD + "/1");
    }
    assertThat(published).as("published on the cluster bus").containsAll(acknowledged);
    try (Connection connection = database.connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(
             "SELECT (SELECT max(revision) FROM module_event), (SELECT revision FROM publisher_position)")) {
      rows.next();
      assertThat(rows.getLong(2)).as("the saved publisher position is the head of the log")
          .isEqualTo(rows.getLong(1));
    }
  }

  /** One writer: a change at a time on its guild, until the node is gone or the test is done. */
  private CompletableFuture<Void> write(int port, String guild, int version) {
    if (!writing.get() || version > MAX_CHANGES_PER_WRITER) {
      return CompletableFuture.completedFuture(null);
    }
    JsonObject body = new JsonObject().put("enabled", true)
        .put("config", ModuleConfigs.welcome("change " + version));
    return api.putAsync(port, guild, "welcome", body)
        .handle((reply, failure) -> {
          if (reply == null || reply.status() != 200) {
            return false; // refused or cut: the node is stopping
          }
          acknowledged.add(guild + "/" + reply.body().getLong("version"));
          return true;
        })
        .thenCompose(answered -> answered ? write(port, guild, version + 1) : CompletableFuture.completedFuture(null));
  }

  /** Whether the port refuses new connections: the HTTP server has begun its shutdown. */
  private static boolean refusesConnections(int port) {
    try (Socket probe = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** A cluster member that records every (guild, version) published on the bus. */
  private static Vertx clusteredListener(TestNodes nodes, Set<String> published) throws Exception {
    NodeSettings settings = nodes.clustered(Role.BOT)
        .dataDir(Files.createTempDirectory("listener")).botId("listener").gatewayId("gateway").build();
    Vertx vertx = VertxFactory.create(settings, new SimpleMeterRegistry())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Codecs.registerAll(vertx.eventBus());
    Future<Void> registered = vertx.eventBus().<ModuleChanges>consumer(Addresses.MODULE_CHANGES,
        message -> message.body().events().forEach(event -> published.add(event.guildId() + "/" + event.version()))).completion();
    registered.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return vertx;
  }

  /**
   * A PUT over a raw HTTP/1.1 connection that asks for {@code 100 Continue}: the server's interim
   * answer says it has received the headers; half the body follows, the rest on {@link #finish()}.
   */
  private static final class SlowPut implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final byte[] body;

    SlowPut(int port, String guild) throws IOException {
      body = new JsonObject().put("enabled", true)
          .put("config", ModuleConfigs.welcome("in flight"))
          .encode().getBytes(StandardCharsets.UTF_8);
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(30_000);
      String head = "PUT /api/guilds/" + guild + "/modules/welcome HTTP/1.1\r\n"
          + "Host: 127.0.0.1:" + port + "\r\n"
          + "Authorization: Bearer " + TestNodes.ADMIN_TOKEN + "\r\n"
          + "Content-Type: application/json\r\n"
          + "Expect: 100-continue\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n";
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** Waits for the server's {@code 100 Continue}, then sends the first half of the body. */
    void awaitHeadersReceived() throws IOException {
      assertThat(in.readLine()).as("interim status line").startsWith("HTTP/1.1 100");
      assertThat(in.readLine()).as("end of the interim answer").isEmpty();
      OutputStream out = socket.getOutputStream();
      out.write(body, 0, body.length / 2);
      out.flush();
    }

    /** Sends the rest of the body; returns the JSON of a 200 answer. */
    JsonObject finish() throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      String status = in.readLine();
      assertThat(status).as("status line").startsWith("HTTP/1.1 200");
      int length = -1;
      for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring("content-length:".length()).trim());
        }
      }
      assertThat(length).as("content-length").isPositive();
      char[] answer = new char[length];
      int read = 0;
      while (read < length) {
        int got = in.read(answer, read, length - read);
        assertThat(got).as("body bytes").isPositive();
        read += got;
      }
      return new JsonObject(new String(answer, 0, read));
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
