package io.configsync.launcher;

import java.io.PrintWriter;
import java.util.List;

/** A command's list of bad lines or differences: indented, the first hundred in full, the rest counted. */
final class Listing {

  static final int MAX_PRINTED = 100;

  private Listing() {}

  static void print(PrintWriter out, List<String> lines) {
    lines.stream().limit(MAX_PRINTED).forEach(line -> out.println("  " + line));
    if (lines.size() > MAX_PRINTED) {
      out.println("  ... and " + (lines.size() - MAX_PRINTED) + " more");
    }
  }
}
