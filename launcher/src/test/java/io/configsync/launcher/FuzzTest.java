package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ErrorLog;
import io.configsync.testkit.ModuleConfigs;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A seeded fuzz run over the HTTP API and raw bridge frames, against a real {@code all} node
 * (issue #10). After every batch: every stored change was answered as accepted (the head moved by
 * exactly the accepted writes and proposals, and the log holds exactly those revisions), no
 * answer was a 5xx, no ERROR line was logged, {@code /health} answered within a second, and the
 * bot's digest equals the backend's.
 *
 * <p>The budget is fixed so the suite stays under two minutes; {@code -Dconfigsync.fuzz.batches=N}
 * and {@code -Dconfigsync.fuzz.seed=S} run longer or other inputs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Fuzz: hostile HTTP requests and bridge frames store nothing they should not, and break nothing")
class FuzzTest {

  private static final long SEED = Long.getLong("configsync.fuzz.seed", 20_261_204L);
  private static final int BATCHES = Integer.getInteger("configsync.fuzz.batches", 12);
  private static final int REQUESTS_PER_BATCH = 60;
  private static final int FRAMES_PER_BATCH = 60;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FuzzTest.class);

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private final java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
  private final HostileInputs inputs = new HostileInputs(SEED, TestNodes.ADMIN_TOKEN);
  private BridgeNode node;
  private int port;
  private ErrorLog errors;
  private BridgeTestClient bot;
  private int botReplies;

  @BeforeAll
  void startNode() {
    node = BridgeNode.start("gw-fuzz", "bot-a:token-a:0,1/4");
    port = node.port();
    errors = ErrorLog.open();
  }

  @AfterAll
  void stopNode() throws Exception {
    if (errors != null) {
      errors.close();
    }
    if (bot != null) {
      bot.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("batches of hostile input; after each, the invariants hold")
  void hostileBatches() throws Exception {
    for (int batch = 0; batch < BATCHES; batch++) {
      long headBefore = head();
      Set<Long> accepted = new HashSet<>();
      List<String> serverErrors = new ArrayList<>();
      for (int i = 0; i < REQUESTS_PER_BATCH; i++) {
        send(inputs.request(), headBefore, accepted, serverErrors);
      }
      sendFrames(batch, headBefore, accepted, serverErrors);
      String after = "batch " + batch + " (seed " + SEED + ")";
      assertThat(serverErrors).as("5xx answers in %s", after).isEmpty();
      assertInvariants(after, headBefore, accepted);
      LOG.info("Fuzz {}: {} accepted change(s); HTTP statuses so far {}", after, accepted.size(), statuses);
    }
    // Closing the proof: the next valid write is the very next revision, and the bot applies it.
    long head = head();
    ApiClient.Reply reply = api.put(port, "81384788765712384", "welcome", new JsonObject().put("config",
        ModuleConfigs.welcome("after the fuzz " + head)));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().getLong("revision")).isEqualTo(head + 1);
    assertInvariants("the final write", head, Set.of(head + 1));
  }

  private void assertInvariants(String after, long headBefore, Set<Long> accepted) {
    long head = head();
    assertThat(head).as("head after %s: %d before, accepted %s", after, headBefore, accepted)
        .isEqualTo(headBefore + accepted.size());
    List<Long> logged = api.get(port, "/api/events?after=" + headBefore + "&limit=10000").body().getJsonArray("events")
        .stream().map(event -> ((JsonObject) event).getLong("revision")).toList();
    assertThat(new HashSet<>(logged)).as("revisions in the log after %s", after).isEqualTo(accepted);
    assertThat(errors.lines()).as("ERROR lines after %s", after).isEmpty();
    long start = System.nanoTime();
    assertThat(api.get(port, "/health").status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("/health after %s", after)
        .isLessThan(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> api.botState(port).getLong("revision") >= head);
    assertThat(api.botState(port).getString("digest")).as("bot digest after %s", after)
        .isEqualTo(api.digest(port, "0/1").getString("digest"));
  }

  /** Sends one raw request; a 2xx write that gave a new revision is counted as accepted. */
  private void send(HostileInputs.RawRequest request, long headBefore, Set<Long> accepted, List<String> serverErrors)
      throws IOException {
    String response = exchange(request.bytes());
    int status = status(response);
    statuses.merge(status, 1, Integer::sum);
    if (status >= 500 || status < 0 && !response.isEmpty()) {
      serverErrors.add(status + " for " + request.description() + ": " + abbreviate(response));
    }
    if (request.write() && status >= 200 && status < 300) {
      revisionOf(response).filter(revision -> revision > headBefore).ifPresent(accepted::add);
    }
  }

  /** Frames from an authenticated bot (reconnected when the guard closed it) and from an anonymous socket. */
  private void sendFrames(int batch, long headBefore, Set<Long> accepted, List<String> serverErrors) {
    if (bot == null || bot.isClosed()) {
      bot = node.connect("fuzz-bot");
      bot.authenticate("bot-a", "token-a", "0,1/4", io.configsync.codecs.Addresses.moduleChangeShard(4, 0));
      botReplies = 0;
    }
    BridgeTestClient anonymous = node.connect("fuzz-anonymous");
    int expectedReplies = 0;
    for (int i = 0; i < FRAMES_PER_BATCH; i++) {
      String frame = inputs.frame("reply-" + batch + "-" + i);
      if (frame.contains("\"replyAddress\":\"reply-") && frame.contains("\"type\":\"send\"")) {
        expectedReplies++;
      }
      bot.sendText(frame);
      if (i % 6 == 0) {
        anonymous.sendText(frame);
      }
    }
    // Every frame is answered or refused; wait for the answers so that accepted proposals are counted.
    BridgeTestClient sender = bot;
    await().atMost(Duration.ofSeconds(20)).until(() -> sender.isClosed() || sender.received().size() > 0);
    await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(20))
        .until(() -> sender.isClosed() || quiet(sender));
    for (BridgeTestClient.Received received : sender.received()) {
      JsonObject json = received.json();
      if ("err".equals(json.getString("type")) && json.getValue("failureCode") instanceof Integer code && code >= 500) {
        serverErrors.add("bridge failure " + code + ": " + json.encode());
      }
      JsonObject body = received.body();
      if (body != null && Boolean.TRUE.equals(body.getValue("ok")) && Boolean.TRUE.equals(body.getValue("changed"))) {
        long revision = body.getJsonObject("state").getLong("revision");
        if (revision > headBefore) {
          accepted.add(revision);
        }
      }
    }
    anonymous.close();
  }

  /** No new frame for a while: the replies are in. */
  private boolean quiet(BridgeTestClient client) {
    int now = client.received().size();
    boolean quiet = now == botReplies;
    botReplies = now;
    return quiet;
  }

  private long head() {
    return api.get(port, "/api/events?after=0&limit=1").body().getLong("head");
  }

  private String exchange(byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.net.SocketException reset) {
      return ""; // the server may close a connection it refuses before reading it all
    }
  }

  private static int status(String response) {
    if (!(response.startsWith("HTTP/1.1 ") || response.startsWith("HTTP/1.0 ")) || response.length() < 12) {
      return -1;
    }
    try {
      return Integer.parseInt(response.substring(9, 12));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static java.util.Optional<Long> revisionOf(String response) {
    int bodyStart = response.indexOf("\r\n\r\n");
    try {
      JsonObject body = new JsonObject(response.substring(bodyStart + 4));
      return java.util.Optional.ofNullable(body.getLong("revision"));
    } catch (DecodeException | ClassCastException | StringIndexOutOfBoundsException e) {
      return java.util.Optional.empty();
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
