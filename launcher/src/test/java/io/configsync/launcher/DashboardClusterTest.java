package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two clustered backends behind one imagined load balancer: a dashboard session made on one is
 * served by the other (the clustered session store), and a browser watching a config on one hears
 * of a change saved through the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Dashboard across backends")
class DashboardClusterTest {

  private static final String GUILD = "330000000000000001";

  private final HttpClient http = HttpClient.newHttpClient();
  private ConfigSyncNode one;
  private ConfigSyncNode two;

  @BeforeAll
  void start() {
    TestNodes nodes = new TestNodes(TestPostgres.freshDatabase());
    one = nodes.startBackend();
    two = nodes.startBackend();
  }

  @AfterAll
  void stop() {
    TestNodes.stop(two, one);
  }

  @Test
  @DisplayName("a session from one backend works on the other, the live receipt hears a change made through the other, and sign-out ends it everywhere")
  void sessionsAndReceiptAcrossBackends() throws Exception {
    HttpResponse<String> signIn = send(one, "POST", "/dashboard/sign-in/token", null, null,
        new JsonObject().put("token", TestNodes.ADMIN_TOKEN).encode());
    assertThat(signIn.statusCode()).isEqualTo(200);
    String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    String csrf = new JsonObject(signIn.body()).getString("csrfToken");

    JsonObject onTwo = new JsonObject(send(two, "GET", "/dashboard/session", cookie, null, null).body());
    assertThat(onTwo.getBoolean("signedIn")).isTrue();
    assertThat(onTwo.getString("name")).isEqualTo("admin");

    CompletableFuture<Void> watching = new CompletableFuture<>();
    CompletableFuture<String> change = new CompletableFuture<>();
    HttpRequest watch = HttpRequest.newBuilder(uri(two, "/dashboard/live/guilds/" + GUILD + "/modules/welcome"))
        .header("Cookie", cookie).GET().build();
    CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(watch, HttpResponse.BodyHandlers.ofLines());
    stream.thenAcceptAsync(response -> {
      Iterator<String> lines = response.body().iterator();
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.startsWith("event: ready")) {
          watching.complete(null);
        } else if (line.startsWith("event: change")) {
          change.complete(line);
          return;
        }
      }
    });
    // The stream says it is watching before anything is saved: no race with the save below.
    watching.get(30, TimeUnit.SECONDS);

    HttpResponse<String> saved = send(one, "PUT", "/api/guilds/" + GUILD + "/modules/welcome", cookie, csrf,
        new JsonObject().put("config", new JsonObject().put("dm", true).put("message", "Hi")).encode());
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    assertThat(change.get(30, TimeUnit.SECONDS)).isEqualTo("event: change");

    assertThat(send(two, "POST", "/dashboard/sign-out", cookie, csrf, "{}").statusCode()).isEqualTo(200);
    assertThat(new JsonObject(send(one, "GET", "/dashboard/session", cookie, null, null).body())
        .getBoolean("signedIn")).isFalse();
    stream.cancel(true);
  }

  private HttpResponse<String> send(ConfigSyncNode node, String method, String path, String cookie, String csrf,
                                    String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(node, path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Origin", "http://127.0.0.1:" + node.httpPort());
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(ConfigSyncNode node, String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }
}
