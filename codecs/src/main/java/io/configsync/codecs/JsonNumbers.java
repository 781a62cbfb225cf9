package io.configsync.codecs;

/**
 * Whole numbers in protocol messages. Vert.x's {@code getLong} truncates: {@code 1e30} becomes
 * {@link Long#MAX_VALUE}, {@code 2.5} becomes 2, and a number beyond 64 bits wraps. A revision or a
 * version must be written as an integer that fits in 64 bits, or it is refused.
 */
final class JsonNumbers {

  private JsonNumbers() {}

  /** The value if it is an integer of at most 64 bits as parsed from JSON, else null. */
  static Long wholeNumber(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    return null;
  }
}
