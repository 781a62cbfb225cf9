package io.configsync.backend.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A body in pooled memory goes back to its pool once the response is written, or could not be. */
@ExtendWith(VertxExtension.class)
@DisplayName("Responses from pooled buffers")
class PooledResponseTest {

  private static final String BODY = "{\"events\":[" + "\"x\",".repeat(50_000) + "\"x\"]}";

  @Test
  @DisplayName("the body reaches the client whole, then its buffer is released")
  void releasedOnceWritten(Vertx vertx) throws Exception {
    ByteBuf body = pooled(BODY);
    Promise<Void> ended = Promise.promise();
    HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
      request.response().endHandler(v -> ended.complete());
      SyncRoutes.endReleasing(request.response(), body);
    }).listen(0, "127.0.0.1"));

    String received = get(vertx, server);
    await(ended.future());

    assertThat(received).isEqualTo(BODY);
    assertThat(body.refCnt()).isZero();
  }

  @Test
  @DisplayName("a response that cannot be ended any more leaves the buffer released, and says why")
  void releasedWhenNotWritten(Vertx vertx) throws Exception {
    ByteBuf body = pooled(BODY);
    Promise<Throwable> refused = Promise.promise();
    HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
      request.response().end("first");
      try {
        SyncRoutes.endReleasing(request.response(), body);
        refused.complete(null);
      } catch (RuntimeException e) {
        refused.complete(e);
      }
    }).listen(0, "127.0.0.1"));

    String received = get(vertx, server);

    assertThat(received).isEqualTo("first");
    assertThat(await(refused.future())).isInstanceOf(IllegalStateException.class);
    assertThat(body.refCnt()).isZero();
  }

  private static String get(Vertx vertx, HttpServer server) throws Exception {
    HttpClient client = vertx.createHttpClient();
    try {
      return await(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
          .compose(request -> request.send().compose(HttpClientResponse::body))).toString(StandardCharsets.UTF_8);
    } finally {
      client.close();
    }
  }

  private static ByteBuf pooled(String text) {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer();
    buffer.writeCharSequence(text, StandardCharsets.UTF_8);
    return buffer;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
