package io.configsync.backend.api;

import io.configsync.backend.modules.WriteRefused;
import io.configsync.backend.modules.WriteRules;
import io.configsync.backend.store.ChangeRejected;
import io.configsync.backend.store.DatabaseFailures;
import io.configsync.backend.store.GroupCommitWriter;
import io.configsync.backend.store.ModuleState;
import io.configsync.backend.store.RevisionGone;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes responses, errors included, in the contract's shape. */
final class Responses {

  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
  private static final String JSON = "application/json";
  private static final OutageWarnings OUTAGE_WARNINGS = OutageWarnings.everyTenSeconds();

  private Responses() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
  }

  static void state(RoutingContext ctx, ModuleState state) {
    ctx.response().putHeader(HttpHeaders.ETAG, etag(state.version()));
    json(ctx, 200, state.toJson());
  }

  /** Renders rows as the elements of a streamed JSON array: a comma before every one but the first. */
  static Function<Row, Buffer> arrayElements(Function<Row, Buffer> element) {
    boolean[] first = {true};
    return row -> {
      Buffer rendered = Buffer.buffer(first[0] ? "" : ",").appendBuffer(element.apply(row));
      first[0] = false;
      return rendered;
    };
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** The router's failure handler: every error leaves through here. */
  static void failure(RoutingContext ctx) {
    ApiException error = toApiException(ctx);
    if (ctx.response().headWritten()) {
      LOG.warn("{} {} failed after the response started; closing the connection: {}", ctx.request().method(),
          ctx.request().path(), error.getMessage());
      ctx.request().connection().close();
      return;
    }
    if (error.error() == ApiError.UNAVAILABLE) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
    }
    json(ctx, error.error().status(), error.toJson());
  }

  private static ApiException toApiException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof WriteRefused refused) {
      return new ApiException(apiError(refused.reason()), refused.getMessage(), refused.details());
    }
    if (failure instanceof ChangeRejected rejected) {
      return rejected.reason() == ChangeRejected.Reason.NOT_FOUND
          ? new ApiException(ApiError.NOT_FOUND, rejected.getMessage())
          : new ApiException(ApiError.VERSION_CONFLICT, rejected.getMessage(),
              new JsonObject().put("current", rejected.current() == null ? null : rejected.current().toJson()));
    }
    if (failure instanceof RevisionGone gone) {
      return new ApiException(ApiError.GONE, gone.getMessage(),
          new JsonObject().put("horizon", gone.horizon()));
    }
    if (failure instanceof GroupCommitWriter.Overloaded overloaded) {
      return new ApiException(ApiError.UNAVAILABLE, overloaded.getMessage());
    }
    if (failure == null) {
      return statusOnly(ctx.statusCode());
    }
    if (BrokenRequests.isBroken(ctx.request(), failure)) {
      BrokenRequests.log(ctx.request(), failure);
      return new ApiException(ApiError.INVALID_REQUEST, "the request could not be read: " + failure.getMessage());
    }
    if (DatabaseFailures.isUnavailable(failure)) {
      OutageWarnings.Decision warning = OUTAGE_WARNINGS.onUnavailable();
      if (warning.log()) {
        LOG.warn("{} {}: database unavailable, answered 503: {}{}", ctx.request().method(), ctx.request().path(),
            failure, warning.leftOut() == 0 ? ""
                : " (" + warning.leftOut() + " more answered 503 in the last " + OUTAGE_WARNINGS.intervalSeconds()
                + " s without a line)");
      }
      return new ApiException(ApiError.UNAVAILABLE, "the database is unavailable; retry shortly");
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    return new ApiException(ApiError.INTERNAL, "internal error; see the server log");
  }

  private static ApiError apiError(WriteRefused.Reason reason) {
    return switch (reason) {
      case INVALID_GUILD_ID -> ApiError.INVALID_GUILD_ID;
      case UNKNOWN_MODULE -> ApiError.UNKNOWN_MODULE;
      case PAYLOAD_TOO_LARGE -> ApiError.PAYLOAD_TOO_LARGE;
      case SCHEMA_VIOLATION -> ApiError.SCHEMA_VIOLATION;
    };
  }

  private static ApiException statusOnly(int status) {
    return switch (status) {
      case 401 -> new ApiException(ApiError.UNAUTHORIZED, "missing or invalid token");
      case 404 -> new ApiException(ApiError.NOT_FOUND, "no such resource");
      case 405 -> new ApiException(ApiError.INVALID_REQUEST, "method not allowed on this resource");
      case 413 -> new ApiException(ApiError.PAYLOAD_TOO_LARGE,
          "the request body is larger than the limit (a config is at most " + WriteRules.MAX_CONFIG_BYTES + " bytes)");
      case 400 -> new ApiException(ApiError.INVALID_REQUEST, "bad request");
      default -> new ApiException(ApiError.INTERNAL, "internal error (status " + status + ")");
    };
  }
}
