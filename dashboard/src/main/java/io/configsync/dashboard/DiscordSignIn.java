package io.configsync.dashboard;

import io.configsync.backend.api.SessionUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Sign in with Discord": the OAuth2 authorization-code flow (scopes {@code identify guilds}) with a
 * random {@code state} kept in the session and checked on return, then the user and the guilds they
 * may manage, read with their access token. The token stays in the session, on the server, to read
 * the guilds again when they are older than the refresh interval.
 */
final class DiscordSignIn {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordSignIn.class);
  static final List<String> SCOPES = List.of("identify", "guilds");

  private final DashboardSettings settings;
  private final CrossSiteCheck crossSite;
  private final OAuth2Auth oauth;
  private final DiscordApi api;

  DiscordSignIn(Vertx vertx, DashboardSettings settings, CrossSiteCheck crossSite, WebClient client) {
    this.settings = settings;
    this.crossSite = crossSite;
    this.api = new DiscordApi(client, settings.discordUrl());
    this.oauth = settings.discordEnabled() ? OAuth2Auth.create(vertx, new OAuth2Options()
        .setClientId(settings.discordClientId())
        .setClientSecret(settings.discordClientSecret())
        .setSite(settings.discordUrl().toString())
        .setAuthorizationPath("/oauth2/authorize")
        .setTokenPath("/api/v10/oauth2/token")
        .setUserInfoPath("/api/v10/users/@me")) : null;
  }

  /** {@code GET /dashboard/sign-in/discord}: off to Discord with a fresh state. */
  void start(RoutingContext ctx) {
    if (oauth == null) {
      Replies.redirectToPage(ctx, "discord-off");
      return;
    }
    String state = SessionKeys.randomToken();
    ctx.session().put(SessionKeys.OAUTH_STATE, state);
    String url = oauth.authorizeURL(new OAuth2AuthorizationURL()
        .setRedirectUri(crossSite.redirectUri(ctx))
        .setScopes(SCOPES)
        .setState(state));
    ctx.response().setStatusCode(302).putHeader("Location", url).putHeader("Cache-Control", "no-store").end();
  }

  /**
   * {@code GET /dashboard/oauth/callback?code&state}: a state that is not the one this session was
   * sent with is refused before the code is used (a forged or replayed sign-in).
   */
  void callback(RoutingContext ctx) {
    Session session = ctx.session();
    Object expected = session.get(SessionKeys.OAUTH_STATE);
    session.remove(SessionKeys.OAUTH_STATE);
    String state = ctx.queryParams().get("state");
    String code = ctx.queryParams().get("code");
    if (oauth == null) {
      Replies.redirectToPage(ctx, "discord-off");
      return;
    }
    if (!(expected instanceof String sent) || state == null
        || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
      LOG.warn("Refused a Discord sign-in from {}: its OAuth state is not the one this session was sent with",
          ctx.request().remoteAddress());
      Replies.redirectToPage(ctx, "state");
      return;
    }
    if (code == null) {
      Replies.redirectToPage(ctx, "denied");
      return;
    }
    oauth.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code).setRedirectUri(crossSite.redirectUri(ctx)))
        .compose(user -> {
          String token = user.principal().getString("access_token");
          return Future.all(api.me(token), api.manageableGuilds(token)).map(all -> {
            DiscordApi.Profile profile = all.resultAt(0);
            List<DiscordApi.Guild> guilds = all.resultAt(1);
            signIn(session, profile, guilds, token);
            return profile;
          });
        })
        .onSuccess(profile -> {
          LOG.info("Dashboard sign-in of Discord user {} ({})", profile.username(), profile.id());
          Replies.redirectToPage(ctx, null);
        })
        .onFailure(failure -> {
          LOG.warn("A Discord sign-in failed: {}", failure.getMessage());
          Replies.redirectToPage(ctx, "discord");
        });
  }

  private static void signIn(Session session, DiscordApi.Profile profile, List<DiscordApi.Guild> guilds, String token) {
    SessionUser user = SessionUser.discord(profile.id(), profile.username(), ids(guilds));
    String name = profile.displayName() != null ? profile.displayName() : profile.username();
    SessionKeys.signIn(session, user, name, profile.avatar(), describe(guilds));
    session.put(SessionKeys.DISCORD_TOKEN, token);
  }

  /** Reads the user's guilds again when the list is older than the refresh interval. */
  Future<Void> refreshIfStale(Session session, SessionUser user) {
    Object at = session.get(SessionKeys.GUILDS_AT);
    long fetchedAt = at instanceof Number number ? number.longValue() : 0;
    if (user.isOperator() || System.currentTimeMillis() - fetchedAt < settings.guildsRefresh().toMillis()) {
      return Future.succeededFuture();
    }
    return api.manageableGuilds(session.get(SessionKeys.DISCORD_TOKEN)).map(guilds -> {
      session.put(SessionUser.SESSION_KEY, user.withGuilds(ids(guilds)).toJson());
      session.put(SessionKeys.GUILDS, describe(guilds));
      session.put(SessionKeys.GUILDS_AT, System.currentTimeMillis());
      return null;
    });
  }

  private static Set<Long> ids(List<DiscordApi.Guild> guilds) {
    return guilds.stream().map(guild -> Long.parseLong(guild.id())).collect(Collectors.toSet());
  }

  private static JsonArray describe(List<DiscordApi.Guild> guilds) {
    return new JsonArray(guilds.stream().map(guild -> (Object) guild.toJson()).toList());
  }
}
