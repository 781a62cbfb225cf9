package io.configsync.bot.sync;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs work on a Vert.x context from a test thread and waits for it, at most 10 s. */
final class ContextCalls {

  private ContextCalls() {}

  /** {@code work} runs on {@code context}, where the sequencer and loader live. */
  static <T> T onContext(Context context, Supplier<Future<T>> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> work.get().onComplete(done -> {
      if (done.succeeded()) {
        result.complete(done.result());
      } else {
        result.completeExceptionally(done.cause());
      }
    }));
    return result.get(10, TimeUnit.SECONDS);
  }

  static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
