package io.configsync.backend.modules;

import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.codecs.GuildIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;

/**
 * What every write must satisfy, whichever way it arrives: an admin's HTTP call, a rollback, or a
 * bot's proposal on the bus. One place, so that the ways cannot drift apart.
 */
public final class WriteRules {

  /** A config is at most 1 MiB of JSON. */
  public static final int MAX_CONFIG_BYTES = 1024 * 1024;

  /**
   * A config up to this size that compiles no user-given pattern is checked on the caller's event
   * loop: the check takes microseconds, the hop to a worker and back costs more than that.
   */
  static final int INLINE_CHECK_MAX_BYTES = 16 * 1024;

  private WriteRules() {}

  /** The guild id as a number. */
  public static long guildId(String guildId) {
    if (!GuildIds.isValid(guildId)) {
      throw new WriteRefused(WriteRefused.Reason.INVALID_GUILD_ID, GuildIds.RULE + "; got '" + guildId + "'", null);
    }
    return Long.parseLong(guildId);
  }

  public static ModuleDefinition module(ModuleCatalog catalog, String moduleId) {
    return catalog.find(moduleId).orElseThrow(() -> new WriteRefused(WriteRefused.Reason.UNKNOWN_MODULE,
        "unknown module '" + moduleId + "'; see GET /api/modules for the registered ones", null));
  }

  /** Size first, then the schema: a config of 50 MiB is not worth validating. */
  public static void checkConfig(ModuleDefinition module, JsonObject config) {
    checkSize(config);
    checkSchema(module, config);
  }

  /** @return the size of the config's JSON, in bytes, when it is within the limit */
  public static int checkSize(JsonObject config) {
    int size = config.toBuffer().length();
    if (size > MAX_CONFIG_BYTES) {
      throw new WriteRefused(WriteRefused.Reason.PAYLOAD_TOO_LARGE,
          "the config is " + size + " bytes of JSON; the limit is " + MAX_CONFIG_BYTES,
          new JsonObject().put("size", size).put("limit", MAX_CONFIG_BYTES));
    }
    return size;
  }

  /**
   * {@link #checkSchema}, on a worker when the check compiles user-given regexes (which must never
   * run on an event loop) or the config is large; on the caller's thread otherwise. Fails with the
   * {@link WriteRefused} when the config is refused.
   *
   * @param size the config's JSON size, as {@link #checkSize} returned it
   */
  public static Future<Void> checkSchema(Vertx vertx, ModuleDefinition module, JsonObject config, int size) {
    if (size <= INLINE_CHECK_MAX_BYTES && !module.extraCheck().compilesPatterns(config)) {
      try {
        checkSchema(module, config);
        return Future.succeededFuture();
      } catch (WriteRefused refused) {
        return Future.failedFuture(refused);
      }
    }
    return vertx.executeBlocking(() -> {
      checkSchema(module, config);
      return null;
    }, false);
  }

  /** Refuses with every violation in the details, the most specific one in the message. */
  public static void checkSchema(ModuleDefinition module, JsonObject config) {
    List<Violation> violations = ModuleCatalog.validate(module, config);
    if (violations.isEmpty()) {
      return;
    }
    // The deepest location names the actual problem; shallower ones summarise it.
    Violation headline = violations.stream()
        .max(Comparator.comparingInt(violation -> violation.location().length())).orElseThrow();
    throw new WriteRefused(WriteRefused.Reason.SCHEMA_VIOLATION,
        "the config does not match the " + module.id() + " schema: " + headline.message()
            + " at " + headline.toJson().getString("location"),
        new JsonArray(violations.stream().map(violation -> (Object) violation.toJson()).toList()));
  }
}
