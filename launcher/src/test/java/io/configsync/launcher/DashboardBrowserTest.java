package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.bot.BotConfig;
import io.configsync.bot.BotVerticle;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.ShardSpec;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.DiscordStandIn;
import io.configsync.testkit.DiscordStandIn.Guild;
import io.configsync.testkit.DiscordStandIn.User;
import io.configsync.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in real headless Chromium, against a real backend node (embedded PostgreSQL), a
 * clustered bot whose Discord has only some channels, and the Discord stand-in. The tests run in
 * order, as one admin's afternoon: sign in, edit, watch it go live, meet a conflict, roll back.
 * Screenshots of the main pages go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Dashboard in Chromium")
class DashboardBrowserTest {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);
  private static final String BOT_ID = "bot-dashboard";
  private static final String GUILD_A = "320000000000000001";
  private static final String GUILD_B = "320000000000000002";
  private static final String GUILD_C = "320000000000000003";
  private static final String EXISTING_CHANNEL = "500000000000000001";
  private static final String MISSING_CHANNEL = "500000000000000099";
  private static final String HOSTILE_NAME = "<img src=x onerror=\"window.__pwned=1\">Charlie & <b>co</b>";
  private static final User ALICE = new User("80351110224678914", "alice", "Alice", List.of(
      new Guild(GUILD_A, "Alpha", null, false, DiscordStandIn.MANAGE_GUILD | DiscordStandIn.VIEW_CHANNEL),
      new Guild(GUILD_B, "Bravo", null, false, DiscordStandIn.VIEW_CHANNEL),
      new Guild(GUILD_C, HOSTILE_NAME, null, false, DiscordStandIn.ADMINISTRATOR)));

  private final ApiClient admin = new ApiClient(TestNodes.ADMIN_TOKEN);
  private DiscordStandIn discord;
  private ConfigSyncNode backend;
  private Vertx botVertx;
  private HttpServer botHttp;
  private Chromium browser;
  private String base;

  @BeforeAll
  void start() throws Exception {
    Chromium.assumeInstalled();
    discord = DiscordStandIn.start();
    TestPostgres.Database database = TestPostgres.freshDatabase();
    TestNodes nodes = new TestNodes(database);
    backend = join(ConfigSyncNode.start(nodes.clustered(Role.BACKEND).pgUrl(database.url()).botId("backend")
        .gatewayId("gateway").adminToken(TestNodes.ADMIN_TOKEN).discordUrl(discord.url())
        .discordClient(DiscordStandIn.CLIENT_ID, DiscordStandIn.CLIENT_SECRET).build()));
    base = "http://127.0.0.1:" + backend.httpPort();
    startBot(nodes);
    browser = Chromium.start();
  }

  /** A clustered bot whose Discord has only {@link #EXISTING_CHANNEL}, with its /bot/state served. */
  private void startBot(TestNodes nodes) throws Exception {
    NodeSettings settings = nodes.bot(BOT_ID, ShardSpec.ALL, backend).build();
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    botVertx = join(VertxFactory.create(settings, metrics));
    Codecs.registerAll(botVertx.eventBus());
    Router router = Router.router(botVertx);
    BotVerticle bot = new BotVerticle(BotConfig.builder().botId(BOT_ID).shards(ShardSpec.ALL)
        .backendUrls(List.of(URI.create(base))).backendToken(TestNodes.ADMIN_TOKEN).build(),
        new ApplyStatusDiscordPort(Set.of(EXISTING_CHANNEL)), router, HealthChecks.create(botVertx), metrics);
    join(botVertx.deployVerticle(bot));
    botHttp = join(botVertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
      if (botVertx != null) {
        join(botVertx.close());
      }
    } finally {
      TestNodes.stop(backend);
      if (discord != null) {
        discord.close();
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("the sign-in page offers Discord and the admin token; a forged OAuth state is refused and signs nobody in")
  void signInPageAndForgedState() {
    browser.open(base + "/");
    browser.link("Sign in with Discord");
    browser.field("Admin token");
    browser.button("Sign in");
    browser.screenshot("sign-in");

    int exchanges = discord.tokenExchanges();
    browser.open(base + "/dashboard/oauth/callback?code=stolen&state=forged");
    browser.waitForText("sign-in-problem", "refused", "forged or stale");
    assertThat(discord.tokenExchanges()).isEqualTo(exchanges);
    assertThat(browser.pageText()).doesNotContain("Sign out");
  }

  @Test
  @Order(2)
  @DisplayName("a Discord user sees the guilds they manage or administer and not the one they only view; an HTML name is text")
  void discordUserSeesTheirGuilds() {
    discord.nextSignIn(ALICE);
    browser.open(base + "/");
    browser.link("Sign in with Discord").click();
    browser.waitFor(By.xpath("//h1[normalize-space(.)='Your servers']"));
    browser.link("Alpha");
    browser.waitFor(By.xpath("//a[contains(., 'Charlie')]"));
    String text = browser.pageText();
    assertThat(text).contains("Alice").contains(HOSTILE_NAME.replace("<b>", "<b>")).doesNotContain("Bravo");
    assertThat(browser.driver.findElements(By.cssSelector(".guilds img[src='x']"))).isEmpty();
    assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);
    browser.screenshot("guild-list");
  }

  @Test
  @Order(3)
  @DisplayName("they edit A's welcome in the form, save, and see it live; the backend holds it, history names them, digests agree")
  void editWelcomeAndSeeItLive() {
    browser.link("Alpha").click();
    browser.waitFor(By.xpath("//h2[normalize-space(.)='Welcome']"));
    browser.waitFor(By.xpath("//h2[normalize-space(.)='Automod']"));
    browser.link("Edit Welcome").click();
    browser.fill("Channel", EXISTING_CHANNEL);
    browser.fill("Message", "Welcome to Alpha, {user.mention}!");
    browser.click("Save");
    browser.waitForText("receipt", "Live on 1 of 1 bots in");
    browser.screenshot("editor");

    ApiClient.Reply state = admin.get(backend.httpPort(), "/api/guilds/" + GUILD_A + "/modules/welcome");
    assertThat(state.body().getJsonObject("config").getString("message")).isEqualTo("Welcome to Alpha, {user.mention}!");
    browser.link("Alpha").click();
    browser.waitFor(By.xpath("//p[normalize-space(.)='Live on 1 of 1 bots']"));
    browser.screenshot("guild-page");
    browser.link("Edit Welcome").click();
    browser.field("Message");
    assertThat(state.body().getJsonObject("config").getString("channelId")).isEqualTo(EXISTING_CHANNEL);
    JsonArray versions = admin.get(backend.httpPort(), "/api/guilds/" + GUILD_A + "/modules/welcome/history")
        .body().getJsonArray("versions");
    assertThat(versions.getJsonObject(versions.size() - 1).getString("actor")).isEqualTo("alice (discord " + ALICE.id() + ")");
    await().atMost(CONVERGENCE).untilAsserted(() -> {
      JsonObject botState = new JsonObject(get("http://127.0.0.1:" + botHttp.actualPort() + "/bot/state"));
      JsonObject digest = admin.get(backend.httpPort(), "/api/state/digest").body();
      assertThat(botState.getString("digest")).isEqualTo(digest.getString("digest"));
    });
  }

  @Test
  @Order(4)
  @DisplayName("their session gets 403 reading or writing B through the API directly, and the revision does not move")
  void otherGuildIsForbidden() {
    long revision = headRevision();
    @SuppressWarnings("unchecked")
    Map<String, Object> statuses = (Map<String, Object>) browser.asyncScript("""
        const done = arguments[arguments.length - 1];
        (async () => {
          const session = await (await fetch('/dashboard/session')).json();
          const read = await fetch('/api/guilds/%s/modules');
          const write = await fetch('/api/guilds/%s/modules/welcome', { method: 'PUT',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
            body: JSON.stringify({ config: { message: 'not yours', dm: true } }) });
          done({ read: read.status, write: write.status, code: (await write.json()).error.code });
        })();
        """.formatted(GUILD_B, GUILD_B));
    assertThat(statuses).containsEntry("read", 403L).containsEntry("write", 403L).containsEntry("code", "FORBIDDEN");
    assertThat(headRevision()).isEqualTo(revision);
    assertThat(admin.get(backend.httpPort(), "/api/guilds/" + GUILD_B + "/modules/welcome").status()).isEqualTo(404);
  }

  @Test
  @Order(5)
  @DisplayName("the pre-flight check warns of a missing channel, and after saving the bot's error shows in the receipt")
  void moduleErrorShowsInTheReceipt() {
    browser.fill("Channel", MISSING_CHANNEL);
    browser.click("Check");
    browser.waitForText("preflight", "Warning from " + BOT_ID, MISSING_CHANNEL, "does not exist");
    browser.click("Save");
    browser.waitForText("receipt", BOT_ID + ": channel " + MISSING_CHANNEL + " does not exist");
    browser.screenshot("receipt-error");
    browser.fill("Channel", EXISTING_CHANNEL);
    browser.click("Save");
    browser.waitForText("receipt", "Live on 1 of 1 bots");
  }

  @Test
  @Order(6)
  @DisplayName("two tabs edit the same config: the other tab is told at once, and its save is shown the newer version instead of overwriting it")
  void twoTabsConflict() {
    String first = browser.driver.getWindowHandle();
    browser.fill("Message", "Edited in the first tab");
    browser.driver.switchTo().newWindow(WindowType.TAB);
    browser.open(base + "/#/guilds/" + GUILD_A + "/modules/welcome");
    browser.fill("Message", "Saved from the second tab");
    browser.click("Save");
    browser.waitForText("receipt", "Live on 1 of 1 bots");
    String second = browser.driver.getWindowHandle();

    browser.driver.switchTo().window(first);
    browser.waitForText("changed-notice", "Changed by alice just now", "unsaved edits are kept");
    browser.click("Save");
    browser.waitForText("conflict", "Someone changed this config meanwhile", "Saved from the second tab",
        "Edited in the first tab");
    browser.screenshot("conflict");
    assertThat(currentMessage()).isEqualTo("Saved from the second tab");

    browser.click("Re-apply my edit on top");
    browser.waitForText("receipt", "Live on 1 of 1 bots");
    assertThat(currentMessage()).isEqualTo("Edited in the first tab");
    browser.driver.switchTo().window(second).close();
    browser.driver.switchTo().window(first);
  }

  @Test
  @Order(7)
  @DisplayName("history lists every version with its actor, shows a version's changes, and rolls back")
  void historyDiffAndRollback() {
    browser.link("History").click();
    browser.waitFor(By.xpath("//h2[normalize-space(.)='Version 1']"));
    assertThat(browser.pageText()).contains("by alice (backend)");
    browser.click("Changes in version 2");
    browser.waitForText("diff-2", "/channelId", MISSING_CHANNEL);
    browser.screenshot("history");
    long before = version();
    browser.click("Roll back to version 1");
    browser.waitForText("history-outcome", "Rolled back: version " + (before + 1) + " has the config of version 1");
    assertThat(currentMessage()).isEqualTo("Welcome to Alpha, {user.mention}!");
  }

  @Test
  @Order(8)
  @DisplayName("a cross-site form posting to the API with the user's cookies is refused and changes nothing")
  void crossSiteFormRefused() throws Exception {
    long revision = headRevision();
    String target = base + "/api/guilds/" + GUILD_A + "/modules/welcome/disable";
    HttpServer attacker = join(botVertx.createHttpServer().requestHandler(request -> request.response()
        .putHeader("Content-Type", "text/html")
        .end("<form id=f method=POST action='" + target + "'></form><script>document.getElementById('f').submit()</script>"))
        .listen(0, "127.0.0.2"));
    try {
      browser.open("http://127.0.0.2:" + attacker.actualPort() + "/");
      await().atMost(Duration.ofSeconds(20)).until(() -> browser.driver.getCurrentUrl().startsWith(target));
      assertThat(browser.pageText()).containsAnyOf("UNAUTHORIZED", "FORBIDDEN");
    } finally {
      join(attacker.close());
    }
    assertThat(headRevision()).isEqualTo(revision);
    assertThat(admin.get(backend.httpPort(), "/api/guilds/" + GUILD_A + "/modules/welcome").body().getBoolean("enabled"))
        .isTrue();
  }

  @Test
  @Order(9)
  @DisplayName("sign-out ends the session; an operator signs in with the admin token and opens any guild by id")
  void signOutThenOperator() {
    browser.open(base + "/");
    browser.click("Sign out");
    browser.field("Admin token");
    Object afterSignOut = browser.asyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/guilds/%s/modules').then(r => done(r.status));
        """.formatted(GUILD_A));
    assertThat(afterSignOut).isEqualTo(401L);

    browser.fill("Admin token", TestNodes.ADMIN_TOKEN);
    browser.click("Sign in");
    browser.fill("Guild ID", GUILD_B);
    browser.click("Open");
    browser.waitFor(By.xpath("//h1[normalize-space(.)='Server " + GUILD_B + "']"));
    browser.waitFor(By.xpath("//h2[normalize-space(.)='Welcome']"));
    assertThat(browser.pageText()).contains("Operator admin").doesNotContain(TestNodes.ADMIN_TOKEN);
  }

  @Test
  @Order(10)
  @DisplayName("automod rules are added, reordered and removed in the form, enums are selects; the save is live")
  void automodRulesInTheForm() {
    browser.link("Edit Automod").click();
    browser.click("Add Rule");
    browser.field("Rule id", 1).sendKeys("no-invites");
    new Select(browser.field("What the rule looks for", 1)).selectByValue("invite_links");
    browser.click("Add Rule");
    browser.field("Rule id", 2).sendKeys("shouting");
    new Select(browser.field("What the rule looks for", 2)).selectByValue("caps");
    browser.field("Largest upper-case share allowed", 2).sendKeys("0.7");
    new Select(browser.field("Action", 2)).selectByValue("warn");
    browser.click("Add Rule");
    browser.field("Rule id", 3).sendKeys("to-remove");
    browser.click("Move up");
    browser.waitForValue("Rule id", 2, "no-invites");
    browser.waitForValue("Rule id", 1, "shouting");
    browser.waitFor(By.xpath("(//button[normalize-space(.)='Delete Rule'])[3]")).click();
    await().atMost(Duration.ofSeconds(20)).until(() -> browser.driver.findElements(
        By.xpath("//label[normalize-space(.)='Rule id']")).size() == 2);
    browser.waitForValue("Rule id", 2, "no-invites");
    browser.screenshot("automod-editor");
    browser.click("Save");
    browser.waitForText("receipt", "Live on 1 of 1 bots");

    JsonObject config = admin.get(backend.httpPort(), "/api/guilds/" + GUILD_B + "/modules/automod").body()
        .getJsonObject("config");
    assertThat(config).isEqualTo(new JsonObject().put("rules", new JsonArray()
        .add(new JsonObject().put("id", "shouting").put("type", "caps").put("maxCapsRatio", 0.7).put("action", "warn"))
        .add(new JsonObject().put("id", "no-invites").put("type", "invite_links").put("action", "delete"))));
  }

  private String currentMessage() {
    return admin.get(backend.httpPort(), "/api/guilds/" + GUILD_A + "/modules/welcome").body()
        .getJsonObject("config").getString("message");
  }

  private long version() {
    return admin.get(backend.httpPort(), "/api/guilds/" + GUILD_A + "/modules/welcome").body().getLong("version");
  }

  private long headRevision() {
    return admin.get(backend.httpPort(), "/api/state/digest").body().getLong("revision");
  }

  private static String get(String url) throws Exception {
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create(url)).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }
}
