package io.configsync.bench.anchors;

import io.vertx.core.Future;

/** How every anchor's start ends. */
final class Anchors {

  private Anchors() {}

  /**
   * Waits until {@code anchor} listens to its server ({@code listening}: its watch or subscription is
   * open); if it cannot, closes it, so that the server it started does not outlive the failure.
   */
  static <A extends AutoCloseable> A awaitListening(A anchor, Future<Void> listening) throws Exception {
    try {
      listening.toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      anchor.close();
      throw e;
    }
    return anchor;
  }
}
