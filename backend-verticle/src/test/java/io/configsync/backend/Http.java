package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/** Assertions on API responses, including the contract's error shape. */
final class Http {

  private Http() {}

  /** Asserts a 200 JSON response and returns its body. */
  static JsonObject ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as("status; body: %s", response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    return response.bodyAsJsonObject();
  }

  /** Asserts a 200 module state with its {@code ETag} and returns the state. */
  static JsonObject state(HttpResponse<Buffer> response) {
    JsonObject state = ok(response);
    assertThat(response.getHeader("ETag")).as("ETag").isEqualTo("\"" + state.getLong("version") + "\"");
    return state;
  }

  /**
   * Asserts {@code {"error":{"code":..,"message":..,"details"?:..}}} with this status and code, and
   * returns the inner error object.
   */
  static JsonObject error(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as("status; body: %s", response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.fieldNames()).as("top-level fields of %s", body).containsExactly("error");
    JsonObject error = body.getJsonObject("error");
    assertThat(error.fieldNames()).as("fields of %s", error)
        .contains("code", "message")
        .isSubsetOf("code", "message", "details");
    assertThat(error.getString("code")).as("error code; body: %s", body).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
    return error;
  }

  /**
   * Asserts that the {@code details} of a SCHEMA_VIOLATION error are a non-empty array of
   * {@code {location,message}}, locations being JSON Pointers, and returns them.
   */
  static List<JsonObject> violations(JsonObject error) {
    assertThat(error.getString("code")).isEqualTo("SCHEMA_VIOLATION");
    assertThat(error.getValue("details")).as("details of %s", error).isInstanceOf(JsonArray.class);
    JsonArray details = error.getJsonArray("details");
    assertThat(details).isNotEmpty();
    for (Object detail : details) {
      assertThat(detail).isInstanceOf(JsonObject.class);
      JsonObject violation = (JsonObject) detail;
      assertThat(violation.fieldNames()).containsExactlyInAnyOrder("location", "message");
      assertThat(violation.getString("location")).startsWith("/");
      assertThat(violation.getString("message")).isNotBlank();
    }
    return details.stream().map(JsonObject.class::cast).toList();
  }
}
