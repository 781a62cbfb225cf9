package io.configsync.backend.api;

import io.vertx.core.json.JsonObject;

/** A request refused with one of the contract's errors. */
public final class ApiException extends RuntimeException {

  private final ApiError error;
  private final transient Object details;

  public ApiException(ApiError error, String message) {
    this(error, message, null);
  }

  public ApiException(ApiError error, String message, Object details) {
    super(message, null, false, false);
    this.error = error;
    this.details = details;
  }

  public ApiError error() {
    return error;
  }

  /** {@code {"error":{"code":..,"message":..,"details":..}}}. */
  public JsonObject toJson() {
    JsonObject body = new JsonObject().put("code", error.name()).put("message", getMessage());
    if (details != null) {
      body.put("details", details);
    }
    return new JsonObject().put("error", body);
  }
}
