package io.configsync.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The status of one GET, or -1 when nothing answers: a process's probes, read without logs. */
public final class HttpProbe {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private HttpProbe() {}

  /** {@code GET url}'s status, or -1 if the connection fails or times out. */
  public static int status(URI url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Whether {@code /health/live} of the node at {@code base} answers 200: it serves HTTP, whether or
   * not it is ready (a lone gateway never is: it waits for a backend's head).
   */
  public static boolean live(String base) {
    return status(URI.create(base + "/health/live")) == 200;
  }

  /** Whether {@code /health/ready} of the node at {@code base} (e.g. {@code http://127.0.0.1:8080}) answers 200. */
  public static boolean ready(String base) {
    return status(URI.create(base + "/health/ready")) == 200;
  }
}
