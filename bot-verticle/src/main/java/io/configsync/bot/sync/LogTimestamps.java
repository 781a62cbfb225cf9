package io.configsync.bot.sync;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the timestamps of the event log as the backend writes them, {@link Instant#toString()}'s
 * {@code 2026-12-07T14:46:39.123456Z}, with a fraction of 0 to 9 digits. {@link Instant#parse} goes
 * through a general formatter and costs a good part of a catch-up; this reads that one shape digit
 * by digit and leaves anything else to it.
 */
final class LogTimestamps {

  private static final int SECONDS_END = 19; // "yyyy-MM-ddTHH:mm:ss"
  private static final long SECONDS_PER_DAY = 86_400;

  private LogTimestamps() {}

  /** @throws java.time.format.DateTimeParseException if it is not an instant */
  static Instant parse(String text) {
    Instant fast = fastPath(text);
    return fast != null ? fast : Instant.parse(text);
  }

  private static Instant fastPath(String text) {
    int length = text.length();
    if (length < SECONDS_END + 1 || length > SECONDS_END + 11 || text.charAt(length - 1) != 'Z'
        || !separatorsAt(text, "-", 4, 7) || text.charAt(10) != 'T' || !separatorsAt(text, ":", 13, 16)) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = fraction(text, length - 1);
    if (Math.min(Math.min(year, month), Math.min(day, hour)) < 0 || Math.min(minute, second) < 0 || nanos < 0
        || year < 1 || month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()
        || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, nanos);
  }

  private static boolean separatorsAt(String text, String separator, int first, int second) {
    char expected = separator.charAt(0);
    return text.charAt(first) == expected && text.charAt(second) == expected;
  }

  /** The nanoseconds of {@code .ddd} between the seconds and {@code end}; 0 if none; -1 if malformed. */
  private static int fraction(String text, int end) {
    if (end == SECONDS_END) {
      return 0;
    }
    if (text.charAt(SECONDS_END) != '.' || end == SECONDS_END + 1) {
      return -1;
    }
    int value = digits(text, SECONDS_END + 1, end);
    if (value < 0) {
      return -1;
    }
    for (int scale = end - SECONDS_END - 1; scale < 9; scale++) {
      value *= 10;
    }
    return value;
  }

  /** The decimal number written in {@code text[from, to)}, or a negative number if it is not one. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return Integer.MIN_VALUE;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
