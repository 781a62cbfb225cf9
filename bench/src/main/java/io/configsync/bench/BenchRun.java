package io.configsync.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every scenario of one bench run shares.
 *
 * @param workDir a fresh directory for this run (embedded PostgreSQL data, node data dirs)
 * @param quick smaller sizes and shorter phases: checks that every scenario works, figures are not
 *     meant to be quoted
 */
public record BenchRun(Path workDir, boolean quick) {

  /** A new empty directory under {@link #workDir()} for one scenario or node. */
  public Path newDir(String name) {
    try {
      return Files.createTempDirectory(Files.createDirectories(workDir), name + "-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
