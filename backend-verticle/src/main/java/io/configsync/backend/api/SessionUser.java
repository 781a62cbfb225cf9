package io.configsync.backend.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Someone signed in to the dashboard, as their session keeps them: an operator (signed in with an
 * admin token; every guild, under the token's name) or a Discord user (only the guilds Discord says
 * they own, or hold Manage Server or Administrator in). The API takes a session like a token and
 * checks the guild of every request against {@link #mayManage(long)}.
 *
 * @param actor recorded as the actor of every write: the token's name, or {@code name (discord id)}
 * @param discordId null for an operator
 * @param guilds the guilds a Discord user may read and change; ignored for an operator
 */
public record SessionUser(String actor, String discordId, Set<Long> guilds) {

  /** Where the dashboard keeps it in the session. */
  public static final String SESSION_KEY = "configsync.user";

  public SessionUser {
    Objects.requireNonNull(actor, "actor");
    guilds = Set.copyOf(guilds);
  }

  public static SessionUser operator(String tokenName) {
    return new SessionUser(tokenName, null, Set.of());
  }

  public static SessionUser discord(String id, String username, Set<Long> guilds) {
    return new SessionUser(username + " (discord " + id + ")", id, guilds);
  }

  public boolean isOperator() {
    return discordId == null;
  }

  /** The one rule of dashboard access: operators manage every guild, Discord users theirs. */
  public boolean mayManage(long guildId) {
    return isOperator() || guilds.contains(guildId);
  }

  public SessionUser withGuilds(Set<Long> guilds) {
    return new SessionUser(actor, discordId, guilds);
  }

  public JsonObject toJson() {
    return new JsonObject().put("actor", actor).put("discordId", discordId)
        .put("guilds", new JsonArray(guilds.stream().map(id -> (Object) Long.toString(id)).toList()));
  }

  public static SessionUser fromJson(JsonObject json) {
    return new SessionUser(json.getString("actor"), json.getString("discordId"),
        json.getJsonArray("guilds", new JsonArray()).stream().map(id -> Long.parseLong((String) id))
            .collect(Collectors.toSet()));
  }
}
