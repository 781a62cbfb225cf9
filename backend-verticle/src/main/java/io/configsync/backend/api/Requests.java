package io.configsync.backend.api;

import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.backend.modules.WriteRules;
import io.configsync.codecs.Decimals;
import io.configsync.codecs.ShardSpec;
import io.configsync.codecs.StrictJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Reads and checks what a request carries; every refusal is an {@link ApiException}, or a
 * {@link io.configsync.backend.modules.WriteRefused} from the rules all writes share.
 */
final class Requests {

  private static final Set<String> PUT_FIELDS = Set.of("config", "enabled");
  private static final Set<String> ROLLBACK_FIELDS = Set.of("version");

  private Requests() {}

  static long guildId(RoutingContext ctx) {
    return WriteRules.guildId(ctx.pathParam("guildId"));
  }

  static ModuleDefinition module(RoutingContext ctx, ModuleCatalog catalog) {
    return WriteRules.module(catalog, ctx.pathParam("moduleId"));
  }

  static ShardSpec shards(RoutingContext ctx) {
    String shards = ctx.queryParams().get("shards");
    if (shards == null) {
      return ShardSpec.ALL;
    }
    try {
      return ShardSpec.parse(shards);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.INVALID_REQUEST, e.getMessage());
    }
  }

  static long longParam(RoutingContext ctx, String name, long defaultValue, long min, long max) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      long parsed = Decimals.parseNonNegative(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // refused below with the accepted range
    }
    throw new ApiException(ApiError.INVALID_REQUEST,
        "query parameter '" + name + "' must be an integer from " + min + " to " + max + "; got '" + value + "'");
  }

  /**
   * The {@code If-Match} version, or null when the header is absent. Exactly one strong ETag, as
   * the ETag header gives it ({@code "3"}): a weak one ({@code W/"3"}) never matches in If-Match
   * (RFC 9110), and a list or a second header would leave which version is meant open.
   */
  static Long expectedVersion(RoutingContext ctx) {
    List<String> headers = ctx.request().headers().getAll("If-Match");
    if (headers.isEmpty()) {
      return null;
    }
    String ifMatch = String.join(", ", headers);
    String value = ifMatch.trim();
    if (headers.size() == 1 && value.length() >= 3 && value.startsWith("\"") && value.endsWith("\"")) {
      try {
        return Decimals.parseNonNegative(value.substring(1, value.length() - 1));
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw new ApiException(ApiError.INVALID_REQUEST,
        "If-Match must be one version in quotes, as the ETag gives it, e.g. \"3\"; got " + ifMatch);
  }

  /** The JSON object body, or a 400 saying why not. */
  static JsonObject jsonBody(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new ApiException(ApiError.MALFORMED_JSON, "the request body is empty; a JSON object is expected");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes())).toString();
    } catch (CharacterCodingException e) {
      // Jackson would decode an overlong form such as C0 AF as '/' instead of refusing it.
      throw new ApiException(ApiError.MALFORMED_JSON, "the request body is not valid UTF-8");
    }
    try {
      return StrictJson.parseObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ApiException(ApiError.MALFORMED_JSON, "the request body is not a JSON object: " + e.getMessage());
    }
  }

  /** The JSON body, refused if it has a field other than {@code fields} ({@code expected} shows the shape). */
  private static JsonObject jsonBody(RoutingContext ctx, Set<String> fields, String expected) {
    JsonObject body = jsonBody(ctx);
    for (String field : body.fieldNames()) {
      if (!fields.contains(field)) {
        throw new ApiException(ApiError.INVALID_REQUEST,
            "unknown field '" + field + "' in the request body; expected " + expected);
      }
    }
    return body;
  }

  /** The body of a PUT: {@code {"config":{...},"enabled":true?}}, and the size of the config's JSON. */
  record PutBody(JsonObject config, Boolean enabled, int configSize) {}

  static PutBody putBody(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx, PUT_FIELDS, "{\"config\":{...},\"enabled\":true|false}");
    if (!(body.getValue("config") instanceof JsonObject config)) {
      throw new ApiException(ApiError.INVALID_REQUEST, "the request body needs \"config\": a JSON object");
    }
    Object enabled = body.getValue("enabled");
    if (enabled != null && !(enabled instanceof Boolean)) {
      throw new ApiException(ApiError.INVALID_REQUEST, "\"enabled\" must be true or false");
    }
    return new PutBody(config, (Boolean) enabled, WriteRules.checkSize(config));
  }

  /** The version a rollback asks for: {@code {"version":N}}, N an integer from 1. */
  static long rollbackVersion(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx, ROLLBACK_FIELDS, "{\"version\":N}");
    Object version = body.getValue("version");
    if (!(version instanceof Integer || version instanceof Long) || ((Number) version).longValue() < 1) {
      throw new ApiException(ApiError.INVALID_REQUEST,
          "the request body needs \"version\": the integer version to roll back to (from 1); got "
              + (version == null ? "none" : body.encode()));
    }
    return ((Number) version).longValue();
  }
}
