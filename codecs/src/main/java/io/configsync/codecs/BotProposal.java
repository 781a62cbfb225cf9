package io.configsync.codecs;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A bot proposes a config change on {@link Addresses#BOT_PROPOSAL}: {@code {"botId":..,"shards":"0,1/4"?,
 * "guildId":"..","moduleId":..,"baseVersion":N,"config":{..}}}, or with {@code "enabled":true|false}
 * instead of {@code config} (exactly one of them), and for a slash command the Discord user who ran
 * it ({@code "userId"}, {@code "userName"?}). The backend answers with a {@link ProposalReply} or
 * refuses with a {@link FailureCodes} code. A bridge bot's {@code botId} and {@code shards} are
 * stamped by the gateway from its authenticated session ({@link #stamped}).
 *
 * @param shards the proposing bot's shards; {@link ShardSpec#ALL} when the JSON has none
 * @param baseVersion the version the change is based on; 0: the module was never configured in the guild
 * @param user the Discord user a slash command was run by, or null: the bot's own change
 */
public record BotProposal(String botId, ShardSpec shards, String guildId, String moduleId, long baseVersion,
                          Change change, DiscordUser user) {

  /** The bot id becomes the origin of a published event: it stays an id. */
  public static final int MAX_BOT_ID_LENGTH = 128;

  private static final Set<String> FIELDS =
      Set.of("botId", "shards", "guildId", "moduleId", "baseVersion", "config", "enabled", "userId", "userName");
  private static final String SHAPE = "{botId, shards?, guildId, moduleId, baseVersion, config | enabled}";

  /** What the proposal changes: the config, or the enabled flag. */
  public sealed interface Change permits SetConfig, SetEnabled {}

  /** A new config; it keeps the current enabled flag (a new config is enabled). Shared: do not change it. */
  public record SetConfig(JsonObject config) implements Change {
    public SetConfig {
      Objects.requireNonNull(config, "config");
    }
  }

  /** Enable or disable the module's current config. */
  public record SetEnabled(boolean enabled) implements Change {}

  /**
   * The Discord member a change is made for: the history records them, through the bot.
   *
   * @param userName their Discord username, or null
   */
  public record DiscordUser(String userId, String userName) {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.]{1,32}");

    public DiscordUser {
      Objects.requireNonNull(userId, "userId");
    }
  }

  public BotProposal {
    Objects.requireNonNull(botId, "botId");
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(guildId, "guildId");
    Objects.requireNonNull(moduleId, "moduleId");
    Objects.requireNonNull(change, "change");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("botId", botId).put("shards", shards.toString()).put("guildId", guildId)
        .put("moduleId", moduleId).put("baseVersion", baseVersion);
    if (change instanceof SetConfig set) {
      json.put("config", set.config());
    } else {
      json.put("enabled", ((SetEnabled) change).enabled());
    }
    if (user != null) {
      json.put("userId", user.userId());
      if (user.userName() != null) {
        json.put("userName", user.userName());
      }
    }
    return json;
  }

  /**
   * A bridge bot's proposal as the gateway forwards it: its session's {@code botId} and
   * {@code shards} over whatever it claimed. Not checked: see {@link #fromJson}.
   */
  public static JsonObject stamped(JsonObject body, String botId, ShardSpec shards) {
    return body.copy().put("botId", botId).put("shards", shards.toString());
  }

  /**
   * @throws IllegalArgumentException with a message for the bot's developer if the proposal is
   *     malformed: an unknown field, botId missing, bad shards, guild id or baseVersion, not exactly
   *     one of config and enabled, a bad userId or userName
   */
  public static BotProposal fromJson(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw new IllegalArgumentException("a proposal is a JSON object " + SHAPE);
    }
    json.fieldNames().stream().filter(field -> !FIELDS.contains(field)).findFirst().ifPresent(field -> {
      throw new IllegalArgumentException("unknown field '" + field + "' in the proposal; expected " + SHAPE);
    });
    String botId = json.getValue("botId") instanceof String id && !id.isBlank() ? id : null;
    if (botId == null || botId.length() > MAX_BOT_ID_LENGTH) {
      throw new IllegalArgumentException(
          "a proposal needs the proposing bot's botId (at most " + MAX_BOT_ID_LENGTH + " characters)");
    }
    ShardSpec shards = json.getValue("shards") == null ? ShardSpec.ALL
        : ShardSpec.parse(json.getValue("shards") instanceof String spec ? spec : null);
    String guildId = json.getValue("guildId") instanceof String id ? id : null;
    if (!GuildIds.isValid(guildId)) {
      throw new IllegalArgumentException(GuildIds.RULE + "; got '" + guildId + "'");
    }
    if (!(json.getValue("moduleId") instanceof String moduleId)) {
      throw new IllegalArgumentException("a proposal needs moduleId");
    }
    return new BotProposal(botId, shards, guildId, moduleId, baseVersion(json.getValue("baseVersion")),
        change(json.getValue("config"), json.getValue("enabled")), user(json.getValue("userId"), json.getValue("userName")));
  }

  private static long baseVersion(Object value) {
    Long version = JsonNumbers.wholeNumber(value);
    if (version == null || version < 0) {
      throw new IllegalArgumentException(
          "a proposal needs baseVersion: the integer version it is based on (0 if the module has no config yet)");
    }
    return version;
  }

  private static Change change(Object config, Object enabled) {
    if ((config == null) == (enabled == null)) {
      throw new IllegalArgumentException("a proposal carries exactly one of config and enabled");
    }
    if (config != null) {
      if (!(config instanceof JsonObject object)) {
        throw new IllegalArgumentException("config must be a JSON object");
      }
      return new SetConfig(object);
    }
    if (!(enabled instanceof Boolean flag)) {
      throw new IllegalArgumentException("enabled must be true or false");
    }
    return new SetEnabled(flag);
  }

  private static DiscordUser user(Object userId, Object userName) {
    if (userId == null && userName == null) {
      return null;
    }
    if (userId == null) {
      throw new IllegalArgumentException("userName, when given with userId, is a Discord username");
    }
    if (!(userId instanceof String id && Snowflakes.isValid(id))) {
      throw new IllegalArgumentException("userId, when given, is the Discord user's snowflake");
    }
    if (userName != null && !(userName instanceof String name && DiscordUser.USERNAME.matcher(name).matches())) {
      throw new IllegalArgumentException("userName, when given with userId, is a Discord username");
    }
    return new DiscordUser(id, (String) userName);
  }

  /** The audit trail's actor: the Discord user (through which bot), else the bot. */
  public String actor() {
    if (user == null) {
      return botId;
    }
    return (user.userName() == null ? "discord " + user.userId() : user.userName() + " (discord " + user.userId() + ")")
        + " via " + botId;
  }
}
