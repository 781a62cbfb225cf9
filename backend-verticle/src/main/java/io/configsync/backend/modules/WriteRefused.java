package io.configsync.backend.modules;

/**
 * A write refused by {@link WriteRules} before anything was stored. The HTTP API and the bus turn
 * the reason into their own error (an HTTP status, a failure code).
 */
public final class WriteRefused extends RuntimeException {

  /** Why a write was refused. */
  public enum Reason { INVALID_GUILD_ID, UNKNOWN_MODULE, PAYLOAD_TOO_LARGE, SCHEMA_VIOLATION }

  private final Reason reason;
  private final transient Object details;

  public WriteRefused(Reason reason, String message, Object details) {
    super(message, null, false, false);
    this.reason = reason;
    this.details = details;
  }

  public Reason reason() {
    return reason;
  }

  /** Machine-readable details (the size and limit, the schema violations), or null. */
  public Object details() {
    return details;
  }
}
