package io.configsync.bot.modules.automod;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Matches a message containing one of the banned words or phrases as whole words, ignoring case:
 * {@code "bad"} matches "so BAD!" but not "badge", {@code "bad word"} matches "Bad, word".
 *
 * <p>Both sides are compared as sequences of words, a word being a run of letters, digits and
 * combining marks in any script. Scripts written without spaces (Chinese, Japanese, Thai) thus
 * match only where punctuation or spaces delimit the word. An entry without any letter or digit,
 * such as an emoji, matches wherever it appears.
 *
 * <p>The entries are indexed on the first message checked, not when the config is applied: a bot
 * loads a million configs at start, and most guilds post nothing for a while (the index, a map of
 * lists of normalised words, also holds several times the heap of the entries).
 */
final class BannedWords implements RuleCondition {

  /** The entries as normalised phrases, by their first word; and those without any word. */
  private record Index(Map<String, List<List<String>>> phrasesByFirstWord, List<String> symbolEntries) {

    static Index of(List<String> entries) {
      Index index = new Index(new HashMap<>(), new ArrayList<>());
      for (String entry : entries) {
        String normalised = normalise(entry);
        List<String> words = words(normalised);
        if (words.isEmpty()) {
          index.symbolEntries.add(normalised.strip());
        } else {
          index.phrasesByFirstWord.computeIfAbsent(words.get(0), first -> new ArrayList<>()).add(words);
        }
      }
      return index;
    }
  }

  private final List<String> entries;
  /** Built on first use; immutable once built, so a race only builds it twice. */
  private volatile Index index;

  BannedWords(Collection<String> entries) {
    this.entries = List.copyOf(entries);
  }

  @Override
  public boolean matches(String content) {
    Index index = index();
    String text = normalise(content);
    for (String symbols : index.symbolEntries()) {
      if (text.contains(symbols)) {
        return true;
      }
    }
    List<String> words = words(text);
    for (int start = 0; start < words.size(); start++) {
      for (List<String> phrase : index.phrasesByFirstWord().getOrDefault(words.get(start), List.of())) {
        if (startsWith(words, start, phrase)) {
          return true;
        }
      }
    }
    return false;
  }

  private Index index() {
    Index built = index;
    if (built == null) {
      built = Index.of(entries);
      index = built;
    }
    return built;
  }

  private static boolean startsWith(List<String> words, int start, List<String> phrase) {
    return start + phrase.size() <= words.size()
        && words.subList(start, start + phrase.size()).equals(phrase);
  }

  /**
   * Compatibility forms folded (full-width and styled letters become plain ones), then upper-
   * then lower-cased, which also folds pairs such as "ß" and "SS" that lower-casing alone keeps
   * apart.
   */
  static String normalise(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC)
        .toUpperCase(Locale.ROOT)
        .toLowerCase(Locale.ROOT);
  }

  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int wordStart = -1;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      if (isWordPart(codePoint)) {
        if (wordStart < 0) {
          wordStart = i;
        }
      } else if (wordStart >= 0) {
        words.add(text.substring(wordStart, i));
        wordStart = -1;
      }
      i += Character.charCount(codePoint);
    }
    if (wordStart >= 0) {
      words.add(text.substring(wordStart));
    }
    return words;
  }

  private static boolean isWordPart(int codePoint) {
    if (Character.isLetterOrDigit(codePoint)) {
      return true;
    }
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }
}
