package io.configsync.dashboard;

import static io.configsync.dashboard.DashboardNode.await;
import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.testkit.DiscordStandIn;
import io.configsync.testkit.DiscordStandIn.Guild;
import io.configsync.testkit.DiscordStandIn.User;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sessions and access at the HTTP level, against a real backend and database and the Discord
 * stand-in: who may sign in, what a session reaches, and what is refused (and changes nothing).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Dashboard sessions and access")
class DashboardAccessTest {

  static final String GUILD_A = "310000000000000001";
  static final String GUILD_B = "310000000000000002";
  static final String GUILD_C = "310000000000000003";
  static final User ALICE = new User("80351110224678912", "alice", "Alice", List.of(
      new Guild(GUILD_A, "Alpha", null, false, DiscordStandIn.MANAGE_GUILD | DiscordStandIn.VIEW_CHANNEL),
      new Guild(GUILD_B, "Bravo", null, false, DiscordStandIn.VIEW_CHANNEL),
      new Guild(GUILD_C, "Charlie", null, false, DiscordStandIn.ADMINISTRATOR)));

  private DiscordStandIn discord;
  private DashboardNode node;
  private WebClient plain;

  @BeforeAll
  void start() {
    discord = DiscordStandIn.start();
    TestPostgres.Database database = TestPostgres.freshDatabase();
    node = DashboardNode.start(database, DashboardSettings.defaults()
        .withDiscord(discord.url(), DiscordStandIn.CLIENT_ID, DiscordStandIn.CLIENT_SECRET));
    plain = WebClient.create(node.vertx, new WebClientOptions().setFollowRedirects(false));
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (discord != null) {
      discord.close();
    }
  }

  private WebClientSession browser() {
    return WebClientSession.create(WebClient.create(node.vertx, new WebClientOptions().setFollowRedirects(false)));
  }

  private HttpResponse<Buffer> send(WebClientSession client, HttpMethod method, String path, JsonObject body,
                                    String origin, String csrf) {
    HttpRequest<Buffer> request = client.request(method, node.port(), "127.0.0.1", path);
    if (origin != null) {
      request.putHeader("Origin", origin);
    }
    if (csrf != null) {
      request.putHeader("X-CSRF-Token", csrf);
    }
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  private JsonObject session(WebClientSession client) {
    return send(client, HttpMethod.GET, "/dashboard/session", null, null, null).bodyAsJsonObject();
  }

  private String signInAsOperator(WebClientSession client) {
    HttpResponse<Buffer> response = send(client, HttpMethod.POST, "/dashboard/sign-in/token",
        new JsonObject().put("token", DashboardNode.ADMIN_TOKEN), node.origin(), null);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("csrfToken");
  }

  /** Through the stand-in's authorize page and back, as a browser follows the redirects. */
  private String signInWithDiscord(WebClientSession client, User user) {
    discord.nextSignIn(user);
    HttpResponse<Buffer> toDiscord = send(client, HttpMethod.GET, "/dashboard/sign-in/discord", null, null, null);
    assertThat(toDiscord.statusCode()).isEqualTo(302);
    String authorize = toDiscord.getHeader("Location");
    assertThat(authorize).startsWith(discord.url() + "/oauth2/authorize").containsPattern("scope=identify(\\+|%20)guilds");
    HttpResponse<Buffer> back = await(plain.getAbs(authorize).send());
    assertThat(back.statusCode()).isEqualTo(302);
    URI callback = URI.create(back.getHeader("Location"));
    HttpResponse<Buffer> signedIn = send(client, HttpMethod.GET, callback.getRawPath() + "?" + callback.getRawQuery(),
        null, null, null);
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.getHeader("Location")).isEqualTo("/");
    // A new session id at sign-in: the one the state was kept under is not the signed-in one.
    assertThat(sessionCookie(signedIn)).isNotNull().isNotEqualTo(sessionCookie(toDiscord));
    return session(client).getString("csrfToken");
  }

  private static String sessionCookie(HttpResponse<Buffer> response) {
    return response.cookies().stream().filter(c -> c.startsWith(DashboardVerticle.SESSION_COOKIE + "="))
        .map(c -> c.split(";", 2)[0]).findFirst().orElse(null);
  }

  private long headRevision() {
    return await(plain.get(node.port(), "127.0.0.1", "/api/state/digest")
        .bearerTokenAuthentication(DashboardNode.ADMIN_TOKEN).send()).bodyAsJsonObject().getLong("revision");
  }

  @Test
  @DisplayName("the page is served at / with a CSP without inline script, and the json-editor WebJar with it")
  void servesThePage() {
    HttpResponse<Buffer> page = await(plain.get(node.port(), "127.0.0.1", "/").send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("<main id=\"app\"").doesNotContain("<script>");
    assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-eval")
        .contains("frame-ancestors 'none'");
    assertThat(await(plain.get(node.port(), "127.0.0.1", "/assets/app.js").send()).statusCode()).isEqualTo(200);
    assertThat(await(plain.get(node.port(), "127.0.0.1",
        "/webjars/json-editor__json-editor/2.15.2/dist/jsoneditor.js").send()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("an operator signs in with the admin token: a new HttpOnly, SameSite cookie, any guild, writes as the token's name")
  void operatorSignIn() {
    WebClientSession client = browser();
    HttpResponse<Buffer> response = send(client, HttpMethod.POST, "/dashboard/sign-in/token",
        new JsonObject().put("token", DashboardNode.ADMIN_TOKEN), node.origin(), null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.cookies()).anySatisfy(cookie -> assertThat(cookie)
        .startsWith(DashboardVerticle.SESSION_COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Lax"));
    assertThat(response.bodyAsString()).doesNotContain(DashboardNode.ADMIN_TOKEN);
    String csrf = response.bodyAsJsonObject().getString("csrfToken");

    HttpResponse<Buffer> put = send(client, HttpMethod.PUT, "/api/guilds/" + GUILD_B + "/modules/welcome",
        welcomeBody("Hi from the operator"), node.origin(), csrf);
    assertThat(put.statusCode()).isEqualTo(200);
    JsonArray history = send(client, HttpMethod.GET, "/api/guilds/" + GUILD_B + "/modules/welcome/history", null,
        null, null).bodyAsJsonObject().getJsonArray("versions");
    assertThat(history.getJsonObject(history.size() - 1).getString("actor")).isEqualTo("admin");
  }

  @Test
  @DisplayName("a Discord user sees the guilds they own, manage or administer; another guild is 403 and nothing moves")
  void discordUserRights() {
    WebClientSession client = browser();
    String csrf = signInWithDiscord(client, ALICE);
    JsonObject session = session(client);
    assertThat(session.getString("kind")).isEqualTo("discord");
    assertThat(session.getString("name")).isEqualTo("Alice");
    assertThat(session.getJsonArray("guilds").stream().map(g -> ((JsonObject) g).getString("id")))
        .containsExactlyInAnyOrder(GUILD_A, GUILD_C);
    assertThat(session.encode()).doesNotContain("access_token").doesNotContain(DiscordStandIn.CLIENT_SECRET);

    HttpResponse<Buffer> saved = send(client, HttpMethod.PUT, "/api/guilds/" + GUILD_A + "/modules/welcome",
        welcomeBody("Welcome to Alpha"), node.origin(), csrf);
    assertThat(saved.statusCode()).isEqualTo(200);
    JsonArray history = send(client, HttpMethod.GET, "/api/guilds/" + GUILD_A + "/modules/welcome/history", null,
        null, null).bodyAsJsonObject().getJsonArray("versions");
    assertThat(history.getJsonObject(history.size() - 1).getString("actor"))
        .isEqualTo("alice (discord " + ALICE.id() + ")");

    long revision = headRevision();
    HttpResponse<Buffer> readB = send(client, HttpMethod.GET, "/api/guilds/" + GUILD_B + "/modules", null, null, null);
    HttpResponse<Buffer> writeB = send(client, HttpMethod.PUT, "/api/guilds/" + GUILD_B + "/modules/welcome",
        welcomeBody("Not yours"), node.origin(), csrf);
    HttpResponse<Buffer> events = send(client, HttpMethod.GET, "/api/events?after=0", null, null, null);
    HttpResponse<Buffer> forgetBot = send(client, HttpMethod.DELETE, "/api/bots/some-bot", null, node.origin(), csrf);
    assertThat(send(client, HttpMethod.GET, "/api/modules", null, null, null).statusCode()).isEqualTo(200);
    assertThat(forgetBot.statusCode()).isEqualTo(403);
    assertThat(readB.statusCode()).isEqualTo(403);
    assertThat(readB.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("FORBIDDEN");
    assertThat(writeB.statusCode()).isEqualTo(403);
    assertThat(events.statusCode()).isEqualTo(403);
    assertThat(headRevision()).isEqualTo(revision);
  }

  @Test
  @DisplayName("the pre-flight check answers the schema's errors with their pointers, asks no bot about a bad config, and stores nothing")
  void preflightStoresNothing() {
    long revision = headRevision();
    HttpResponse<Buffer> bad = await(plain.post(node.port(), "127.0.0.1", "/api/guilds/" + GUILD_A + "/modules/welcome/validate")
        .bearerTokenAuthentication(DashboardNode.ADMIN_TOKEN)
        .sendJsonObject(new JsonObject().put("config", new JsonObject().put("dm", true))));
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(bad.bodyAsJsonObject().getBoolean("valid")).isFalse();
    assertThat(bad.bodyAsJsonObject().getJsonArray("errors").encode()).contains("\"location\":\"/\"").contains("message");
    assertThat(bad.bodyAsJsonObject().getJsonArray("bots")).isEmpty();
    HttpResponse<Buffer> good = await(plain.post(node.port(), "127.0.0.1", "/api/guilds/" + GUILD_A + "/modules/welcome/validate")
        .bearerTokenAuthentication(DashboardNode.ADMIN_TOKEN).sendJsonObject(welcomeBody("Fine")));
    assertThat(good.bodyAsJsonObject().getBoolean("valid")).isTrue();
    assertThat(headRevision()).isEqualTo(revision);
  }

  @Test
  @DisplayName("a change without the CSRF token, or from another origin, is refused and stores nothing")
  void crossSiteRefused() {
    WebClientSession client = browser();
    String csrf = signInAsOperator(client);
    long revision = headRevision();
    HttpResponse<Buffer> noToken = send(client, HttpMethod.PUT, "/api/guilds/" + GUILD_C + "/modules/welcome",
        welcomeBody("forged"), node.origin(), null);
    HttpResponse<Buffer> otherOrigin = send(client, HttpMethod.PUT, "/api/guilds/" + GUILD_C + "/modules/welcome",
        welcomeBody("forged"), "http://127.0.0.2:8080", csrf);
    HttpResponse<Buffer> crossSiteSignIn = send(browser(), HttpMethod.POST, "/dashboard/sign-in/token",
        new JsonObject().put("token", DashboardNode.ADMIN_TOKEN), "http://127.0.0.2:8080", null);
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(otherOrigin.statusCode()).isEqualTo(403);
    assertThat(crossSiteSignIn.statusCode()).isEqualTo(403);
    assertThat(headRevision()).isEqualTo(revision);
  }

  @Test
  @DisplayName("a forged OAuth state is refused before the code is used, and signs nobody in")
  void forgedStateRefused() {
    WebClientSession client = browser();
    discord.nextSignIn(ALICE);
    send(client, HttpMethod.GET, "/dashboard/sign-in/discord", null, null, null);
    int exchanges = discord.tokenExchanges();
    HttpResponse<Buffer> forged = send(client, HttpMethod.GET,
        DashboardRoutes.OAUTH_CALLBACK + "?code=stolen&state=forged", null, null, null);
    assertThat(forged.statusCode()).isEqualTo(303);
    assertThat(forged.getHeader("Location")).isEqualTo("/?signInError=state");
    assertThat(discord.tokenExchanges()).isEqualTo(exchanges);
    assertThat(session(client).getBoolean("signedIn")).isFalse();
  }

  @Test
  @DisplayName("sign-out ends the session: the same cookie then gets 401")
  void signOut() {
    WebClientSession client = browser();
    String csrf = signInAsOperator(client);
    assertThat(send(client, HttpMethod.POST, "/dashboard/sign-out", null, node.origin(), null).statusCode())
        .isEqualTo(403);
    assertThat(send(client, HttpMethod.POST, "/dashboard/sign-out", null, node.origin(), csrf).statusCode())
        .isEqualTo(200);
    assertThat(send(client, HttpMethod.GET, "/api/guilds/" + GUILD_A + "/modules", null, null, null).statusCode())
        .isEqualTo(401);
    assertThat(session(client).getBoolean("signedIn")).isFalse();
  }

  @Test
  @DisplayName("bad admin tokens are rate-limited per address: the sixth try in a minute gets 429, even a good one")
  void badTokensRateLimited() {
    try (DashboardNode limited = DashboardNode.start(TestPostgres.freshDatabase(), DashboardSettings.defaults())) {
      WebClientSession client = WebClientSession.create(WebClient.create(limited.vertx));
      for (int attempt = 0; attempt < SignInLimiter.MAX_FAILURES; attempt++) {
        assertThat(await(client.post(limited.port(), "127.0.0.1", "/dashboard/sign-in/token")
            .putHeader("Origin", limited.origin()).sendJsonObject(new JsonObject().put("token", "guess-" + attempt)))
            .statusCode()).isEqualTo(401);
      }
      HttpResponse<Buffer> blocked = await(client.post(limited.port(), "127.0.0.1", "/dashboard/sign-in/token")
          .putHeader("Origin", limited.origin()).sendJsonObject(new JsonObject().put("token", DashboardNode.ADMIN_TOKEN)));
      assertThat(blocked.statusCode()).isEqualTo(429);
      assertThat(blocked.getHeader("Retry-After")).isNotNull();
      assertThat(blocked.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("TOO_MANY_REQUESTS");
    }
  }

  @Test
  @DisplayName("a session past its maximum age is refused with 401 and ends; rights Discord takes away are refused after the refresh")
  void expiryAndRefresh() {
    try (DashboardNode shortLived = DashboardNode.start(TestPostgres.freshDatabase(), DashboardSettings.defaults()
        .withDiscord(discord.url(), DiscordStandIn.CLIENT_ID, DiscordStandIn.CLIENT_SECRET)
        .withSessions(Duration.ofHours(1), Duration.ofSeconds(3), Duration.ZERO))) {
      DashboardNode main = node;
      node = shortLived;
      try {
        WebClientSession client = browser();
        User bob = new User("80351110224678913", "bob", null, List.of(
            new Guild(GUILD_A, "Alpha", null, true, 0)));
        signInWithDiscord(client, bob);
        assertThat(send(client, HttpMethod.GET, "/api/guilds/" + GUILD_A + "/modules", null, null, null).statusCode())
            .isEqualTo(200);
        // Discord takes the guild away: the next request reads the list again (refresh interval 0).
        discord.updateGuilds(new User(bob.id(), "bob", null, List.of()));
        assertThat(send(client, HttpMethod.GET, "/api/guilds/" + GUILD_A + "/modules", null, null, null).statusCode())
            .isEqualTo(403);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
            .until(() -> send(client, HttpMethod.GET, "/api/guilds/" + GUILD_A + "/modules", null, null, null)
                .statusCode() == 401);
        assertThat(session(client).getBoolean("signedIn")).isFalse();
      } finally {
        node = main;
      }
    }
  }
}
