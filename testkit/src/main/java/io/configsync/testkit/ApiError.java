package io.configsync.testkit;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/**
 * The API's error shape, {@code {"error":{"code":..,"message":..,"details"?:..}}}, read strictly:
 * a body with anything else at the top level or in the error is not an error of the contract.
 *
 * @param details an array of violations, an object, or null when there are none
 */
public record ApiError(String code, String message, Object details) {

  private static final Set<String> FIELDS = Set.of("code", "message", "details");

  /** The error in {@code body}, or empty when {@code body} is not exactly the contract's error shape. */
  public static Optional<ApiError> in(JsonObject body) {
    if (body == null || !body.fieldNames().equals(Set.of("error")) || !(body.getValue("error") instanceof JsonObject)) {
      return Optional.empty();
    }
    JsonObject error = body.getJsonObject("error");
    if (!FIELDS.containsAll(error.fieldNames()) || !(error.getValue("code") instanceof String code)
        || !(error.getValue("message") instanceof String message) || message.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new ApiError(code, message, error.getValue("details")));
  }
}
