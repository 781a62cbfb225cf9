package io.configsync.bot.sync;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import java.util.Arrays;

/**
 * A response body gathered into one array sized by its {@code Content-Length}: a page of the event
 * log is megabytes, and a buffer grown as it comes, then copied out for the parser, costs two
 * copies and the garbage of every size it went through.
 */
final class ResponseBytes {

  private static final int UNKNOWN_LENGTH_START = 64 * 1_024;
  /** A declared length beyond it is not trusted to size the array at once. */
  private static final int MAX_PRESIZED = 256 * 1_024 * 1_024;

  private byte[] bytes;
  private int length;

  private ResponseBytes(int expected) {
    this.bytes = new byte[expected];
  }

  /** Reads the rest of {@code response}; call it before the response delivers any of its body. */
  static Future<ResponseBytes> read(HttpClientResponse response) {
    ResponseBytes body = new ResponseBytes(expectedLength(response.getHeader(HttpHeaders.CONTENT_LENGTH)));
    response.handler(body::append);
    return response.end().map(body);
  }

  private static int expectedLength(String declared) {
    try {
      long length = declared == null ? -1 : Long.parseLong(declared.trim());
      return length >= 0 && length <= MAX_PRESIZED ? (int) length : UNKNOWN_LENGTH_START;
    } catch (NumberFormatException unreadable) {
      return UNKNOWN_LENGTH_START;
    }
  }

  private void append(Buffer chunk) {
    int needed = length + chunk.length();
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }
    chunk.getBytes(bytes, length);
    length = needed;
  }

  /** The body is {@code bytes()[0, length())}. */
  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }
}
