package io.configsync.bot.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.JsonEvent;
import io.vertx.core.parsetools.JsonParser;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * Reads a bulk load, {@code {"revision":R,"moduleId":..,"items":[{guildId,version,config},...]}},
 * as it streams in: each item is handed on as soon as it is complete, so neither the body nor the
 * list of items is ever held whole. The revision is known only once the body ended properly; a
 * body cut short, malformed, or with an item the consumer throws on fails the result.
 */
final class BulkLoadParser {

  private final JsonParser parser;
  private final Consumer<BackendClient.BulkItem> items;
  private final Promise<Long> done = Promise.promise();
  private Long revision;
  private int depth;
  private boolean inItems;
  private boolean complete;
  private int delivered;

  private BulkLoadParser(ReadStream<Buffer> body, Consumer<BackendClient.BulkItem> items) {
    this.items = items;
    this.parser = JsonParser.newParser(body);
    parser.handler(this::onEvent);
    parser.exceptionHandler(done::tryFail);
    parser.endHandler(v -> onEnd());
    body.exceptionHandler(done::tryFail);
  }

  /** Parses {@code body}, handing each item to {@code items} on the stream's context; the revision when done. */
  static BulkLoadParser parse(ReadStream<Buffer> body, Consumer<BackendClient.BulkItem> items) {
    return new BulkLoadParser(body, items);
  }

  Future<Long> revision() {
    return done.future();
  }

  /** How many items were handed on so far. */
  int delivered() {
    return delivered;
  }

  private void onEvent(JsonEvent event) {
    if (done.future().isComplete()) {
      return;
    }
    try {
      switch (event.type()) {
        case START_OBJECT -> depth++;
        case END_OBJECT -> complete = --depth == 0;
        case START_ARRAY -> {
          if (depth == 1 && "items".equals(event.fieldName())) {
            inItems = true;
            parser.objectValueMode();
          }
        }
        case END_ARRAY -> {
          if (inItems) {
            inItems = false;
            parser.objectEventMode();
          }
        }
        case VALUE -> onValue(event);
      }
    } catch (RuntimeException e) {
      done.tryFail(e);
    }
  }

  private void onValue(JsonEvent event) {
    if (inItems) {
      JsonObject item = event.objectValue();
      items.accept(new BackendClient.BulkItem(item.getString("guildId"), item.getLong("version"),
          item.getJsonObject("config")));
      delivered++;
    } else if (depth == 1 && "revision".equals(event.fieldName())) {
      revision = event.longValue();
    }
  }

  private void onEnd() {
    if (!complete || revision == null) {
      done.tryFail(new IllegalStateException("the bulk load ended early, after " + delivered + " item(s)"));
    } else {
      done.tryComplete(revision);
    }
  }
}
