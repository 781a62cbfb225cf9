package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bulk-load body split into items at any chunk boundary, whatever the JSON's layout. */
@DisplayName("Bulk load parser")
class BulkLoadParserTest {

  private static final JsonObject CONFIG = new JsonObject()
      .put("message", "quotes \" and \\\" and brackets ]}{[ , : 世界 😀")
      .put("rules", new JsonArray().add(new JsonObject().put("words", new JsonArray().add("a").add("]"))))
      .put("dm", false).put("n", -1.5e3).put("none", (Object) null);

  @Test
  @DisplayName("reads items and revision in any key order, compact or pretty, cut into chunks of any size")
  void anyLayout() {
    JsonObject item = new JsonObject().put("guildId", "400000000000000000").put("version", 3).put("config", CONFIG);
    JsonObject revisionLast = new JsonObject().put("moduleId", "welcome")
        .put("items", new JsonArray().add(item).add(item.copy().put("version", 4))).put("revision", 12);
    for (String body : List.of(revisionLast.encode(), revisionLast.encodePrettily())) {
      for (int chunk : List.of(1, 2, 7, 64, 100_000)) {
        List<BackendClient.BulkItem> items = new ArrayList<>();
        Result result = parse(body, chunk, items);
        assertThat(result.revision()).as("chunks of %d", chunk).isEqualTo(12);
        assertThat(items).extracting(BackendClient.BulkItem::version).containsExactly(3L, 4L);
        assertThat(items).allSatisfy(parsed -> assertThat(parsed.config().toJsonObject()).isEqualTo(CONFIG));
        assertThat(items).as("held compact, spaces in strings kept")
            .allSatisfy(parsed -> assertThat(parsed.config().toString()).isEqualTo(CONFIG.encode()));
      }
    }
  }

  @Test
  @DisplayName("an empty load has a revision and no item")
  void emptyLoad() {
    List<BackendClient.BulkItem> items = new ArrayList<>();
    assertThat(parse("{\"revision\":0,\"moduleId\":\"automod\",\"items\":[]}", 3, items).revision()).isZero();
    assertThat(items).isEmpty();
  }

  @Test
  @DisplayName("refuses bodies that are not a whole bulk load")
  void refusesBroken() {
    for (String body : List.of("", "[]", "{\"revision\":1,\"items\":[{\"guildId\":\"1\"},]}",
        "{\"revision\":1,\"items\":[1]}",
        "{\"revision\":1,\"items\":[{\"guildId\":\"4\",\"version\":1,\"config\":[]}]}",
        "{\"revision\":1,\"items\":[{\"guildId\":4,\"version\":1,\"config\":{}}]}",
        "{\"revision\":1,\"items\":[{\"guildId\":\"4\",\"version\":1.5,\"config\":{}}]}",
        "{\"revision\":1,\"items\":[{\"guildId\":\"4\",\"version\":1,\"config\":{\"a\":}}]}",
        "{\"revision\":1,\"items\":[]} x", "{\"items\":[]}",
        "{\"revision\":1,\"items\":[{\"guildId\":\"4\",\"version\":1,\"config\":{}}", "{\"revision\":1 \"items\":[]}")) {
      Result result = parse(body, 5, new ArrayList<>());
      assertThat(result.failure()).as(body).isNotNull();
    }
  }

  @Test
  @DisplayName("names the byte of the body where it went wrong, whatever the chunks")
  void namesTheByte() {
    for (int chunk : List.of(1, 5, 100)) {
      Result result = parse("{\"revision\":1 \"items\":[]}", chunk, new ArrayList<>());
      assertThat(result.failure()).as("chunks of %d", chunk).hasMessageContaining("at byte 14");
    }
  }

  private record Result(Long revision, Throwable failure) {}

  private static Result parse(String body, int chunkSize, List<BackendClient.BulkItem> items) {
    ChunkedBody stream = new ChunkedBody();
    BulkLoadParser parser = BulkLoadParser.parse(stream, items::add);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    // Slices of one buffer, as the HTTP client's chunks can be: the parser reads each in place, at its offset.
    Buffer whole = Buffer.buffer(bytes);
    for (int from = 0; from < bytes.length; from += chunkSize) {
      stream.handler.handle(whole.slice(from, Math.min(bytes.length, from + chunkSize)));
    }
    stream.endHandler.handle(null);
    return parser.revision().succeeded() ? new Result(parser.revision().result(), null)
        : new Result(null, parser.revision().cause());
  }

  /** A body delivered by the test, chunk by chunk. */
  private static final class ChunkedBody implements ReadStream<Buffer> {
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      this.handler = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      this.endHandler = endHandler;
      return this;
    }
  }
}
