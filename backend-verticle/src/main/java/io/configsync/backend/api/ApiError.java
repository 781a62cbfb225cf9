package io.configsync.backend.api;

/** The error codes of the HTTP API, each with its status. */
public enum ApiError {
  MALFORMED_JSON(400),
  INVALID_REQUEST(400),
  INVALID_GUILD_ID(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  UNKNOWN_MODULE(404),
  NOT_FOUND(404),
  GONE(410),
  VERSION_CONFLICT(412),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  SCHEMA_VIOLATION(422),
  /** A rollback to a version that was a deletion: there is no config to restore. */
  NOT_RESTORABLE(422),
  INTERNAL(500),
  UNAVAILABLE(503);

  private final int status;

  ApiError(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
