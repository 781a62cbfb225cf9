package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ErrorLog;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mistakes any client can make, with or without a token, against a real {@code all} node: each gets
 * its answer (or its connection closed) and costs no WARN or ERROR line (issue #10, findings 9 and 12).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Client mistakes: answered, and never a WARN or ERROR line")
class ClientMistakesTest {

  private BridgeNode node;
  private Vertx clientVertx;
  private int port;
  private ErrorLog warnings;

  @BeforeAll
  void startNode() {
    node = BridgeNode.start("gw-mistakes", "bot-a:token-a:0/1");
    port = node.port();
    clientVertx = node.clientVertx();
  }

  @BeforeEach
  void recordWarnings() {
    warnings = ErrorLog.open(Level.WARN);
  }

  @AfterEach
  void noWarnings() throws InterruptedException {
    warnings.close();
    assertThat(warnings.lines()).as("WARN and ERROR lines").isEmpty();
  }

  @AfterAll
  void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("GET /% without a token is 400")
  void badPercentEncoding() throws IOException {
    assertThat(exchange("GET /% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(exchange("GET /api/guilds/%zz/modules HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
    assertThat(exchange("GET /api/events?after=0&shards=% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
  }

  @Test
  @DisplayName("a bad chunk size is 400, or the connection closed (Vert.x closes it when the decoder fails)")
  void badChunkSize() throws IOException {
    String response = exchange("PUT /api/guilds/81384788765712384/modules/welcome HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer " + TestNodes.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
    assertThat(response).isIn("", "HTTP/1.1 400");
    assertHealthAnswers();
  }

  @Test
  @DisplayName("an admin PUT aborted mid-body, and connections closed abruptly, are dropped quietly")
  void abortedRequests() throws Exception {
    for (int i = 0; i < 5; i++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("PUT /api/guilds/81384788765712384/modules/welcome HTTP/1.1\r\nHost: localhost\r\n"
            + "Authorization: Bearer " + TestNodes.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{\"config\":{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoLinger(true, 0); // a reset, not a clean close
      }
    }
    assertHealthAnswers();
  }

  @Test
  @DisplayName("a WebSocket frame over 64 KiB before authenticating closes the socket")
  void oversizedWebSocketFrame() {
    WebSocket socket = clientVertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1024 * 1024))
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(BridgeTestClient.PATH))
        .toCompletionStage().toCompletableFuture().join();
    socket.writeTextMessage("{\"type\":\"register\",\"address\":\"" + "x".repeat(100 * 1024) + "\"}");
    await().atMost(Duration.ofSeconds(10)).until(socket::isClosed);
    assertHealthAnswers();
  }

  @Test
  @DisplayName("12. half-sent headers are cut off after the header-read timeout, on a new or a kept-alive connection")
  void slowHeadersAreCutOff() throws Exception {
    try (Socket fresh = new Socket("127.0.0.1", port); Socket keptAlive = new Socket("127.0.0.1", port)) {
      keptAlive.setSoTimeout(30_000);
      keptAlive.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      InputStream keptAliveIn = keptAlive.getInputStream();
      assertThat(new String(keptAliveIn.readNBytes(12), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
      long start = System.nanoTime();
      fresh.setSoTimeout(30_000);
      fresh.getOutputStream().write("GET /health HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.ISO_8859_1));
      keptAlive.getOutputStream().write("GET /health HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.ISO_8859_1));

      assertThat(fresh.getInputStream().read()).as("fresh connection closed without an answer").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(HttpServerVerticle.HEADER_READ_TIMEOUT.minusSeconds(1), HttpServerVerticle.HEADER_READ_TIMEOUT.plusSeconds(15));
      keptAliveIn.skip(keptAliveIn.available());
      int next;
      do {
        next = keptAliveIn.read();
      } while (next != -1);
    }
  }

  private void assertHealthAnswers() {
    assertThat(new ApiClient(TestNodes.ADMIN_TOKEN).get(port, "/health").status()).isEqualTo(200);
  }

  /** Sends {@code request} as is on a new connection; the status line and whatever came back until the close. */
  private String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12);
      return new String(head, StandardCharsets.ISO_8859_1);
    }
  }
}
