package io.configsync.codecs;

import io.configsync.codecs.modules.ModuleDescriptor;

/**
 * How the bundled modules' limits count, in one place: the numbers themselves are in each module's
 * schema and read from it by its descriptor ({@link ModuleDescriptor}, e.g. {@code
 * Welcome.MESSAGE_MAX_LENGTH}). The backend refuses a config over them, and the bot's modules apply
 * the same rules, so the backend never stores a config a bot would refuse.
 *
 * <p>Text is counted in UTF-16 code units ({@link String#length()}), as Discord and JDA count a
 * message: an emoji outside the Basic Multilingual Plane counts two. JSON Schema's {@code maxLength}
 * counts code points, so the backend checks these lengths itself as well.
 */
public final class ModuleLimits {

  private ModuleLimits() {}

  /** The length of {@code text} as these limits count it: UTF-16 code units. */
  public static int textLength(String text) {
    return text.length();
  }

  /**
   * Whether {@code text} has a character other than the ASCII white space {@code \s} stands for in
   * the schemas' patterns (space, tab, line feed, vertical tab, form feed, carriage return).
   */
  public static boolean hasVisibleCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (" \t\n\u000B\f\r".indexOf(text.charAt(i)) < 0) {
        return true;
      }
    }
    return false;
  }
}
