package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.testkit.ErrorLog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every SockJS transport the bridge offers carries a bot's session: the XHR transports for bots
 * behind proxies that block WebSockets (issue #10, finding 10), EventSource, and the SockJS
 * WebSocket. Each test authenticates over it and receives the progress of its shard stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("SockJS transports: XHR polling, XHR streaming and EventSource carry a bridge session")
class SockJsTransportsTest {

  private static final String SHARD = Addresses.moduleChangeShard(1, 0);
  private static final String REGISTER = new JsonObject().put("type", "register").put("address", SHARD)
      .put("headers", new JsonObject().put("botId", "bot-a").put("token", "token-a").put("shards", "0/1")).encode();

  private final HttpClient http = newClient();
  private BridgeNode node;
  private int port;
  private ErrorLog errors;

  @BeforeAll
  void startNode() {
    node = BridgeNode.start("gw-sockjs", "bot-a:token-a");
    port = node.port();
    errors = ErrorLog.open();
  }

  @AfterAll
  void stopNode() throws Exception {
    if (errors != null) {
      errors.close();
      assertThat(errors.lines()).as("ERROR lines").isEmpty();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("xhr polling: open, send the register with xhr_send (204), poll the progress")
  void xhrPolling() throws Exception {
    String session = path();
    assertThat(post(session + "/xhr", "").body()).isEqualTo("o\n");
    HttpResponse<String> sent = post(session + "/xhr_send", new JsonArray().add(REGISTER).encode());
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(15)).until(() -> post(session + "/xhr", "").body().contains("progress"));
  }

  @Test
  @DisplayName("xhr streaming: frames arrive on one long response")
  void xhrStreaming() throws Exception {
    String session = path();
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri(session + "/xhr_streaming"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(readUntil(lines, "o")).isTrue();
      assertThat(post(session + "/xhr_send", new JsonArray().add(REGISTER).encode()).statusCode()).isEqualTo(204);
      assertThat(readUntil(lines, "progress")).isTrue();
    }
  }

  @Test
  @DisplayName("eventsource: frames arrive as server-sent events; sending goes through xhr_send")
  void eventSource() throws Exception {
    String session = path();
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri(session + "/eventsource")).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(readUntil(lines, "data: o")).isTrue();
      assertThat(post(session + "/xhr_send", new JsonArray().add(REGISTER).encode()).statusCode()).isEqualTo(204);
      assertThat(readUntil(lines, "progress")).isTrue();
    }
  }

  @Test
  @DisplayName("a frame that is not JSON over xhr_send is refused like on a WebSocket; JSONP is not offered")
  void refusalsOverXhr() throws Exception {
    String session = path();
    post(session + "/xhr", "");
    assertThat(post(session + "/xhr_send", new JsonArray().add("{").encode()).statusCode()).isEqualTo(204);
    assertThat(post(session + "/xhr", "").body()).contains("invalid_json");
    HttpResponse<String> jsonp = http.send(HttpRequest.newBuilder(uri(path() + "/jsonp?c=cb")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(jsonp.statusCode()).isEqualTo(404);
  }

  private String path() {
    return "/eventbus/000/" + UUID.randomUUID().toString().replace("-", "");
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /**
   * SockJS closes the connection after each XHR poll without saying so: a client that reuses it can
   * race the close. Browsers' SockJS clients open a new one; so does every post here.
   */
  private static HttpClient newClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return newClient().send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Reads lines until one contains {@code text}; false if the stream ends first. */
  private static boolean readUntil(BufferedReader lines, String text) throws Exception {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.contains(text)) {
        return true;
      }
    }
    return false;
  }
}
