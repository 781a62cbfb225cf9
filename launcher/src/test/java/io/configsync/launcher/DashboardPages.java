package io.configsync.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain GETs of the dashboard's files, as a browser's first request makes them. */
final class DashboardPages {

  private DashboardPages() {}

  static int status(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
