package io.configsync.backend.api;

import io.configsync.codecs.LogThrottle;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests a client broke: the body could not be read (a bad chunk size, a reset or closed
 * connection mid-body) or the URI cannot be decoded ({@code GET /%}). They are the client's
 * mistake, not the server's: answered 400 if the connection is still there, and logged as one
 * throttled DEBUG line, never as an ERROR with a stack trace.
 */
public final class BrokenRequests {

  private static final Logger LOG = LoggerFactory.getLogger(BrokenRequests.class);
  private static final LogThrottle LINES = LogThrottle.everyTenSeconds();

  private BrokenRequests() {}

  /** Whether {@code failure} of {@code request} comes from reading what the client sent. */
  public static boolean isBroken(HttpServerRequest request, Throwable failure) {
    if (failure instanceof IllegalArgumentException && isUriDecoding(failure)) {
      return true;
    }
    if (request.isEnded()) {
      return false; // the whole request was read: a failure now is the server's
    }
    return failure instanceof IOException || failure instanceof DecoderException
        || failure instanceof NumberFormatException || failure instanceof VertxException;
  }

  /** vertx-web decodes the path while routing and throws IllegalArgumentException for a bad escape. */
  private static boolean isUriDecoding(Throwable failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    return message.contains("escape");
  }

  /** The log line, throttled, at DEBUG. */
  public static void log(HttpServerRequest request, Throwable failure) {
    LogThrottle.Decision line = LINES.next();
    if (line.log() && LOG.isDebugEnabled()) {
      LOG.debug("{} {} from {}: broken request, answered 400: {}{}", request.method(), safePath(request),
          request.remoteAddress(), failure.toString(), line.suffix());
    }
  }

  /** The contract's error body for a broken request. */
  public static JsonObject errorBody(Throwable failure) {
    return new ApiException(ApiError.INVALID_REQUEST, "the request could not be read: " + failure.getMessage())
        .toJson();
  }

  private static String safePath(HttpServerRequest request) {
    String uri = request.uri();
    return uri.length() > 200 ? uri.substring(0, 200) + "..." : uri;
  }
}
