package io.configsync.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local Discord for tests of the dashboard's sign-in: the documented OAuth2 and user endpoints
 * ({@code /oauth2/authorize}, {@code /api/v10/oauth2/token}, {@code /api/v10/users/@me},
 * {@code /api/v10/users/@me/guilds}) with scripted users. Authorizing signs in as the user given to
 * {@link #nextSignIn} at once (no consent page), and checks what Discord checks: the client id, the
 * response type, the scopes, then the secret, the single-use code and the redirect URI.
 */
public final class DiscordStandIn implements AutoCloseable {

  public static final String CLIENT_ID = "123456789012345678";
  public static final String CLIENT_SECRET = "stand-in-client-secret";

  /** Permission bits as Discord sends them. */
  public static final long ADMINISTRATOR = 0x8;
  public static final long MANAGE_GUILD = 0x20;
  public static final long VIEW_CHANNEL = 0x400;

  public record Guild(String id, String name, String icon, boolean owner, long permissions) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("icon", icon).put("owner", owner)
          .put("permissions", Long.toString(permissions)).put("features", new JsonArray());
    }
  }

  public record User(String id, String username, String globalName, List<Guild> guilds) {
    public User {
      guilds = List.copyOf(guilds);
    }

    JsonObject toJson() {
      return new JsonObject().put("id", id).put("username", username).put("global_name", globalName)
          .put("avatar", null).put("discriminator", "0");
    }
  }

  private record Grant(String userId, String redirectUri) {}

  private final Vertx vertx;
  private final HttpServer server;
  private final AtomicReference<User> nextSignIn = new AtomicReference<>();
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger tokenExchanges = new AtomicInteger();
  private final AtomicInteger guildReads = new AtomicInteger();

  private DiscordStandIn(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts on 127.0.0.1, a free port, with a Vert.x of its own. */
  public static DiscordStandIn start() {
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    DiscordStandIn standIn = new DiscordStandIn(vertx, server);
    standIn.routes(router);
    await(server.requestHandler(router).listen());
    return standIn;
  }

  /** The base URL to give the dashboard as {@code --discord-url}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** The next authorization signs in as {@code user}. */
  public void nextSignIn(User user) {
    users.put(user.id(), user);
    nextSignIn.set(user);
  }

  /** Discord's guild list of {@code user} changes (rights granted or taken away). */
  public void updateGuilds(User user) {
    users.put(user.id(), user);
  }

  /** Every access token given so far is refused from now on. */
  public void revokeAllTokens() {
    tokens.clear();
  }

  public int tokenExchanges() {
    return tokenExchanges.get();
  }

  public int guildReads() {
    return guildReads.get();
  }

  private void routes(Router router) {
    router.get("/oauth2/authorize").handler(this::authorize);
    router.post("/api/v10/oauth2/token").handler(BodyHandler.create(false)).handler(this::token);
    router.get("/api/v10/users/@me").handler(ctx -> withUser(ctx, user -> json(ctx, 200, user.toJson())));
    router.get("/api/v10/users/@me/guilds").handler(ctx -> withUser(ctx, user -> {
      guildReads.incrementAndGet();
      JsonArray guilds = new JsonArray();
      user.guilds().forEach(guild -> guilds.add(guild.toJson()));
      ctx.response().putHeader("Content-Type", "application/json").end(guilds.encode());
    }));
  }

  private void authorize(RoutingContext ctx) {
    String redirectUri = ctx.queryParams().get("redirect_uri");
    String scope = ctx.queryParams().get("scope");
    User user = nextSignIn.get();
    if (!CLIENT_ID.equals(ctx.queryParams().get("client_id")) || !"code".equals(ctx.queryParams().get("response_type"))
        || redirectUri == null || scope == null || !List.of(scope.split(" ")).containsAll(List.of("identify", "guilds"))
        || user == null) {
      json(ctx, 400, new JsonObject().put("error", "invalid_request"));
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(user.id(), redirectUri));
    String state = ctx.queryParams().get("state");
    String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code
        + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
    ctx.response().setStatusCode(302).putHeader("Location", location).end();
  }

  private void token(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    String clientId = form.get("client_id");
    String secret = form.get("client_secret");
    String basic = ctx.request().getHeader("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      clientId = pair[0];
      secret = pair.length > 1 ? pair[1] : null;
    }
    Grant grant = codes.remove(Objects.requireNonNullElse(form.get("code"), ""));
    if (!CLIENT_ID.equals(clientId) || !CLIENT_SECRET.equals(secret)) {
      json(ctx, 401, new JsonObject().put("error", "invalid_client"));
    } else if (!"authorization_code".equals(form.get("grant_type")) || grant == null
        || !grant.redirectUri().equals(form.get("redirect_uri"))) {
      json(ctx, 400, new JsonObject().put("error", "invalid_grant"));
    } else {
      tokenExchanges.incrementAndGet();
      String token = UUID.randomUUID().toString();
      tokens.put(token, grant.userId());
      json(ctx, 200, new JsonObject().put("access_token", token).put("token_type", "Bearer")
          .put("expires_in", 604_800).put("refresh_token", UUID.randomUUID().toString()).put("scope", "identify guilds"));
    }
  }

  private void withUser(RoutingContext ctx, java.util.function.Consumer<User> then) {
    String header = ctx.request().getHeader("Authorization");
    String userId = header != null && header.startsWith("Bearer ") ? tokens.get(header.substring(7)) : null;
    if (userId == null) {
      json(ctx, 401, new JsonObject().put("message", "401: Unauthorized").put("code", 0));
    } else {
      then.accept(users.get(userId));
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  @Override
  public void close() {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the Discord stand-in did not start or stop", e);
    }
  }
}
