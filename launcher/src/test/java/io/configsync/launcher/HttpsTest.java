package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestCertificates;
import io.configsync.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert}/{@code --tls-key}: the API, the in-process bot and the npm bridge client over TLS. */
@DisplayName("HTTPS")
class HttpsTest {

  private static final String GUILD = "81384788765712384";

  @TempDir
  Path work;

  @Test
  @DisplayName("the API answers over TLS only, the bot of all loads through it, and a Node bot connects over wss")
  void apiAndBridgeOverTls() throws Exception {
    TestCertificates certificates = TestCertificates.create(work.resolve("certs"), "IP:127.0.0.1", "DNS:localhost");
    ConfigSyncNode node = ConfigSyncNode.start(NodeSettings.builder(Role.ALL).httpPort(0)
            .httpTls(new HttpTls(certificates.serverCert(), certificates.serverKey()))
            .pgUrl(TestPostgres.freshDatabase().url()).dataDir(work.resolve("data")).cluster(false)
            .botId("tls-bot").gatewayId("tls-gateway").adminToken(TestNodes.ADMIN_TOKEN).botTokens("node-a:tokA")
            .build())
        .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    try {
      int port = node.httpPort();
      ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN, "https://127.0.0.1", certificates.caCert());
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(api.get(port, "/health/ready").status()).isEqualTo(200));
      assertThat(api.put(port, GUILD, "welcome", welcomeBody("over https")).status()).isEqualTo(200);
      String digest = api.digest(port, "0/1").getString("digest");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(api.botState(port).getString("digest")).isEqualTo(digest));

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
          .as("plain HTTP on the TLS port").isInstanceOf(java.io.IOException.class);
      HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
          + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
          .as("a client that does not trust the CA").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);

      String base = "https://127.0.0.1:" + port;
      try (NodeBot bot = NodeBot.start("node-a", "tokA", "0/1", List.of(base), base, null,
          Map.of("NODE_EXTRA_CA_CERTS", certificates.caCert().toString()))) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(bot.output()).as("%s", bot).contains("connected to " + base + "/eventbus"));
        assertThat(api.put(port, GUILD, "welcome", welcomeBody("over wss")).status()).isEqualTo(200);
        String live = api.digest(port, "0/1").getString("digest");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(bot.state().getString("digest")).as("%s", bot).isEqualTo(live));
      }
    } finally {
      TestNodes.stop(node);
    }
  }

  @Test
  @DisplayName("a certificate without its key, or an unreadable file, is refused at start")
  void halfATlsSettingIsRefused() {
    assertThatThrownBy(() -> HttpTls.of(work.resolve("cert.pem"), null))
        .hasMessageContaining("--tls-cert and --tls-key go together");
    assertThatThrownBy(() -> HttpTls.of(work.resolve("missing.pem"), work.resolve("missing.key")))
        .hasMessageContaining("--tls-cert").hasMessageContaining("not a readable file");
    assertThat(ConfigSyncMain.commandLine().execute("gateway", "--tls-cert", work.resolve("x.pem").toString()))
        .isEqualTo(1);
  }
}
