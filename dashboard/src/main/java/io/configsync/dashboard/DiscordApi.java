package io.configsync.dashboard;

import io.configsync.codecs.GuildIds;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The two Discord API calls the dashboard makes with a user's access token. */
final class DiscordApi {

  /** Discord's permission bits that let a user manage a guild's bots. */
  static final long ADMINISTRATOR = 0x8;
  static final long MANAGE_GUILD = 0x20;

  /** The signed-in Discord user. */
  record Profile(String id, String username, String displayName, String avatar) {}

  /** A guild the user is in, with what Discord says they may do there. */
  record Guild(String id, String name, String icon, boolean owner, BigInteger permissions) {
    /** Owner, Administrator or Manage Server: the rule of who may edit a guild's configs. */
    boolean manageable() {
      long bits = permissions.longValue();
      return owner || (bits & ADMINISTRATOR) != 0 || (bits & MANAGE_GUILD) != 0;
    }

    JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("icon", icon);
    }
  }

  /** Discord refused the access token: the session must end. */
  static final class TokenRefused extends RuntimeException {
    TokenRefused() {
      super("Discord refused the access token", null, false, false);
    }
  }

  private final WebClient client;
  private final String apiBase;

  DiscordApi(WebClient client, URI discordUrl) {
    this.client = client;
    this.apiBase = discordUrl + "/api/v10";
  }

  Future<Profile> me(String accessToken) {
    return get("/users/@me", accessToken).map(response -> {
      JsonObject user = response.bodyAsJsonObject();
      String id = user.getString("id");
      if (!GuildIds.isValid(id)) {
        throw new IllegalStateException("Discord sent a user without a valid id");
      }
      return new Profile(id, user.getString("username", id), user.getString("global_name"), user.getString("avatar"));
    });
  }

  /** The guilds the user may manage; others are left out. */
  Future<List<Guild>> manageableGuilds(String accessToken) {
    return get("/users/@me/guilds", accessToken).map(response -> {
      JsonArray guilds = response.bodyAsJsonArray();
      List<Guild> manageable = new ArrayList<>();
      for (int i = 0; i < guilds.size(); i++) {
        JsonObject guild = guilds.getJsonObject(i);
        String id = guild.getString("id");
        if (!GuildIds.isValid(id)) {
          continue;
        }
        Guild parsed = new Guild(id, guild.getString("name", id), guild.getString("icon"),
            guild.getBoolean("owner", false), new BigInteger(String.valueOf(guild.getValue("permissions", "0"))));
        if (parsed.manageable()) {
          manageable.add(parsed);
        }
      }
      return manageable;
    });
  }

  private Future<HttpResponse<Buffer>> get(String path, String accessToken) {
    return client.getAbs(apiBase + path).bearerTokenAuthentication(accessToken).send().compose(response -> {
      if (response.statusCode() == 401) {
        return Future.failedFuture(new TokenRefused());
      }
      if (response.statusCode() != 200) {
        return Future.failedFuture(new IllegalStateException("Discord answered " + response.statusCode() + " to " + path));
      }
      return Future.succeededFuture(response);
    });
  }
}
