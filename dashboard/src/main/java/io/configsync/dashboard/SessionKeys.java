package io.configsync.dashboard;

import io.configsync.backend.api.SessionUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What a dashboard session holds, besides the {@link SessionUser} the API checks: values that
 * a clustered session store can carry (strings, numbers, JSON). The Discord access token stays on
 * the server; {@link #describe} is what the page may see.
 */
final class SessionKeys {

  static final String CSRF = "dashboard.csrf";
  static final String SIGNED_IN_AT = "dashboard.signed-in-at";
  static final String NAME = "dashboard.name";
  static final String AVATAR = "dashboard.avatar";
  static final String GUILDS = "dashboard.guilds";
  static final String GUILDS_AT = "dashboard.guilds-at";
  static final String DISCORD_TOKEN = "dashboard.discord-token";
  static final String OAUTH_STATE = "dashboard.oauth-state";

  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionKeys() {}

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static SessionUser user(Session session) {
    Object user = session == null ? null : session.get(SessionUser.SESSION_KEY);
    return user instanceof JsonObject json ? SessionUser.fromJson(json) : null;
  }

  /**
   * A new session id for the signed-in user (no fixation), a fresh CSRF token, and what the page
   * shows of them.
   */
  static void signIn(Session session, SessionUser user, String name, String avatar, JsonArray guilds) {
    session.regenerateId();
    session.remove(OAUTH_STATE);
    session.put(SessionUser.SESSION_KEY, user.toJson());
    session.put(CSRF, randomToken());
    session.put(SIGNED_IN_AT, System.currentTimeMillis());
    session.put(NAME, name);
    if (avatar != null) {
      session.put(AVATAR, avatar);
    }
    session.put(GUILDS, guilds);
    session.put(GUILDS_AT, System.currentTimeMillis());
  }

  /** {@code {"signedIn":true,"kind","name","avatar","csrfToken","guilds":[{id,name,icon}]}}: no secret. */
  static JsonObject describe(Session session, SessionUser user) {
    JsonArray guilds = session.get(GUILDS);
    return new JsonObject()
        .put("signedIn", true)
        .put("kind", user.isOperator() ? "operator" : "discord")
        .put("name", (String) session.get(NAME))
        .put("discordId", user.discordId())
        .put("avatar", (String) session.get(AVATAR))
        .put("csrfToken", (String) session.get(CSRF))
        .put("guilds", guilds == null ? new JsonArray() : guilds);
  }
}
