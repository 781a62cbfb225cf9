package io.configsync.launcher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and commit this jar was built from (written into it by the build), for
 * {@code --version} and the {@code configsync_build_info} metric.
 */
record BuildInfo(String version, String commit, String commitTime) {

  static final String UNKNOWN = "unknown";

  static BuildInfo current() {
    Properties version = resource("/configsync-version.properties");
    Properties commit = resource("/configsync-commit.properties");
    return new BuildInfo(version.getProperty("version", UNKNOWN), commit.getProperty("commit", UNKNOWN),
        commit.getProperty("commit.time", UNKNOWN));
  }

  /** {@code ConfigSync 0.1.0 (commit 1a2b3c4 of 2026-12-04T21:36:09Z)}. */
  String describe() {
    return "ConfigSync " + version + " (commit " + commit + (UNKNOWN.equals(commitTime) ? "" : " of " + commitTime) + ")";
  }

  /** {@code configsync_build_info{version="...",commit="..."} 1}, the Prometheus convention for build facts. */
  void register(MeterRegistry metrics) {
    Gauge.builder("configsync.build.info", () -> 1)
        .description("Always 1; the labels say which build runs")
        .tag("version", version).tag("commit", commit)
        .register(metrics);
  }

  private static Properties resource(String name) {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(name)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the jar", e);
    }
    return properties;
  }
}
