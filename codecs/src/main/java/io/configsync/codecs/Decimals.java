package io.configsync.codecs;

/**
 * Numbers in query parameters, shard lists and versions, read strictly: ASCII digits only, no sign.
 * {@link Long#parseLong} also takes {@code +7} and digits of other scripts ({@code ٧}), which no
 * client needs and which would give one value several spellings.
 */
public final class Decimals {

  private Decimals() {}

  /**
   * @throws NumberFormatException unless {@code text} is 1 to 19 ASCII digits of a value up to {@link Long#MAX_VALUE}
   */
  public static long parseNonNegative(String text) {
    if (text == null || text.isEmpty() || text.length() > 19) {
      throw new NumberFormatException("not a decimal number: " + text);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException("not a decimal number: " + text);
      }
    }
    return Long.parseLong(text);
  }
}
