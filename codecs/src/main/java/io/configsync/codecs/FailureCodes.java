package io.configsync.codecs;

/**
 * Failure codes carried by event-bus replies ({@code message.fail(code, text)}); callers branch on
 * {@code ReplyException.failureCode()}.
 */
public final class FailureCodes {

  /** The request could not be read. */
  public static final int BAD_REQUEST = 400;
  /** The caller may not do this. */
  public static final int FORBIDDEN = 403;
  /** The (guild, module) or module does not exist. */
  public static final int NOT_FOUND = 404;
  /**
   * The base version is not the current one. A proposal ({@link Addresses#BOT_PROPOSAL}) is not
   * failed with it but answered {@code {"ok":false,"code":"VERSION_CONFLICT","current":..}}, since a
   * failure cannot carry the current state.
   */
  public static final int VERSION_CONFLICT = 409;
  /** The requested revision is older than the event log's retention. */
  public static final int GONE = 410;
  /** The config is over the size limit (1 MiB of JSON). */
  public static final int PAYLOAD_TOO_LARGE = 413;
  /** The config breaks the module's schema. */
  public static final int SCHEMA_VIOLATION = 422;
  /** An unexpected error; the server's log says more. */
  public static final int INTERNAL = 500;
  /** The database or another dependency is unreachable. */
  public static final int UNAVAILABLE = 503;

  private FailureCodes() {}
}
