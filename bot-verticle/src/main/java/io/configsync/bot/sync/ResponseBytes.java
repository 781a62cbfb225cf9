package io.configsync.bot.sync;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A response body gathered into one array sized by its {@code Content-Length}: a page of the event
 * log is megabytes, and a buffer grown as it comes, then copied out for the parser, costs two
 * copies and the garbage of every size it went through. The array can be handed back once its
 * bytes are read ({@link #recycle()}), for the next page: a fresh one is megabytes to zero.
 */
final class ResponseBytes {

  private static final int UNKNOWN_LENGTH_START = 64 * 1_024;
  /** A declared length beyond it is not trusted to size the array at once. */
  private static final int MAX_PRESIZED = 256 * 1_024 * 1_024;

  private final Spare spare;
  private byte[] bytes;
  private int length;

  private ResponseBytes(Spare spare, int expected) {
    this.spare = spare;
    this.bytes = spare.take(expected);
  }

  /**
   * Reads the rest of {@code response} into an array from {@code spare} if it has one large enough;
   * call it before the response delivers any of its body.
   */
  static Future<ResponseBytes> read(HttpClientResponse response, Spare spare) {
    ResponseBytes body = new ResponseBytes(spare, expectedLength(response.getHeader(HttpHeaders.CONTENT_LENGTH)));
    response.handler(body::append);
    return response.end().map(body);
  }

  /** Hands the array back to the spare it came from: the caller no longer reads {@link #bytes()}. */
  void recycle() {
    spare.keep(bytes);
    bytes = null;
  }

  /** At most one array kept between responses, taken by one of them at a time. */
  static final class Spare {
    /** An array larger than this (a page of huge configs) is not kept. */
    private static final int MAX_KEPT = 32 * 1_024 * 1_024;
    private final AtomicReference<byte[]> kept = new AtomicReference<>();

    private byte[] take(int size) {
      byte[] taken = kept.getAndSet(null);
      return taken != null && taken.length >= size ? taken : new byte[size];
    }

    private void keep(byte[] array) {
      if (array.length <= MAX_KEPT) {
        kept.set(array);
      }
    }
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
