package io.configsync.bench.propagation;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the backend tells about itself over HTTP: the head revision, and its writer's metrics. */
final class BackendStats {

  /** Cumulative group-commit figures from {@code /metrics}. */
  record Writer(double commitSeconds, long commits, double batchedWrites, long oneRoundTripCommits) {

    /** What happened between {@code earlier} and this. */
    Writer since(Writer earlier) {
      return new Writer(commitSeconds - earlier.commitSeconds, commits - earlier.commits,
          batchedWrites - earlier.batchedWrites, oneRoundTripCommits - earlier.oneRoundTripCommits);
    }

    /** Commits planned from the writer's own last commits, sent in one round trip. */
    double oneRoundTripPercent() {
      return commits == 0 ? 0 : oneRoundTripCommits * 100.0 / commits;
    }

    double meanCommitMillis() {
      return commits == 0 ? 0 : commitSeconds * 1_000 / commits;
    }

    double meanBatchSize() {
      return commits == 0 ? 0 : batchedWrites / commits;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  BackendStats(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The last committed revision. */
  long head() {
    return new JsonObject(get("/api/bots")).getLong("head");
  }

  Writer writer() {
    String metrics = get("/metrics");
    return new Writer(metric(metrics, "configsync_writer_commit_seconds_sum"),
        (long) metric(metrics, "configsync_writer_commit_seconds_count"),
        metric(metrics, "configsync_writer_batch_size_sum"),
        (long) metric(metrics, "configsync_writer_commits_total", "round_trips=\"1\""));
  }

  /** The value of an unlabelled sample in the Prometheus text format; 0 if absent. */
  static double metric(String text, String name) {
    return metric(text, name, "");
  }

  /** The value of the first sample of {@code name} whose labels include {@code label}; 0 if absent. */
  static double metric(String text, String name, String label) {
    for (String line : text.split("\n")) {
      if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && line.contains(label)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private String get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
              .header("Authorization", "Bearer " + LoopbackCluster.ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
