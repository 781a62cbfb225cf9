package io.configsync.bot.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.Json;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a bulk load, {@code {"revision":R,"moduleId":..,"items":[{guildId,version,config},...]}},
 * as it streams in: each item is handed on as soon as its last byte arrived, so neither the body
 * nor the list of items is ever held whole. The revision is known once the body ended properly; a
 * body cut short, malformed, or with an item the consumer throws on fails the result.
 *
 * <p>It only finds where each value of the outer object, and each item, begins and ends, then reads
 * each item with Jackson's streaming parser, keeping its config as the bytes it came in: the
 * modules decode it once, and nothing encodes it again to hold it.
 */
final class BulkLoadParser {

  private enum Expect { OPEN, KEY_OR_CLOSE, KEY, COLON, VALUE, COMMA_OR_CLOSE, ITEM_OR_END, ITEM, COMMA_OR_END, NOTHING }

  private static final int NOT_YET = -1;

  private final Consumer<BackendClient.BulkItem> items;
  private final Promise<Long> done = Promise.promise();
  private Expect expect = Expect.OPEN;
  private String key;
  private Long revision;
  private int delivered;
  private long offset;
  /** The body's offset of index 0 of the array being read: {@code offset} less where the chunk starts in it. */
  private long chunkStart;

  /** The value being read, if any: its bytes from earlier chunks (reused from value to value), and where it stands. */
  private byte[] value = new byte[4_096];
  private int valueLength = NOT_YET;
  private boolean valueIsScalar;
  private int nesting;
  private boolean inString;
  private boolean escaped;

  private BulkLoadParser(ReadStream<Buffer> body, Consumer<BackendClient.BulkItem> items) {
    this.items = items;
    body.handler(this::handle);
    body.endHandler(v -> end());
    body.exceptionHandler(done::tryFail);
  }

  /** Parses {@code body}, handing each item to {@code items} on the stream's context. */
  static BulkLoadParser parse(ReadStream<Buffer> body, Consumer<BackendClient.BulkItem> items) {
    return new BulkLoadParser(body, items);
  }

  Future<Long> revision() {
    return done.future();
  }

  int delivered() {
    return delivered;
  }

  private void handle(Buffer chunk) {
    if (done.future().isComplete()) {
      return;
    }
    try {
      // The chunk's own array when it has one (the HTTP client's chunks do): a copy of each would add
      // up to the body's size again in garbage.
      ByteBuf buf = chunk instanceof BufferInternal internal ? internal.getByteBuf() : null;
      boolean shared = buf != null && buf.hasArray();
      byte[] bytes = shared ? buf.array() : chunk.getBytes();
      int from = shared ? buf.arrayOffset() + buf.readerIndex() : 0;
      int to = from + chunk.length();
      chunkStart = offset - from;
      int valueStart = valueLength != NOT_YET ? from : -1;
      for (int i = from; i < to; i++) {
        byte c = bytes[i];
        if (valueStart >= 0) {
          int end = valueEnd(c, i);
          if (end == NOT_YET) {
            continue;
          }
          append(bytes, valueStart, end);
          valueStart = -1;
          onValue();
          valueLength = NOT_YET;
          if (end == i) {
            i--; // the delimiter that ended a number or literal is read again
          }
        } else if (!isWhitespace(c)) {
          valueStart = structural(c, i);
        }
      }
      if (valueStart >= 0) {
        append(bytes, valueStart, to);
      }
      offset += to - from;
    } catch (RuntimeException e) {
      done.tryFail(e);
    }
  }

  /** Where the value being read ends (exclusive) if {@code c} ends it, else {@link #NOT_YET}. */
  private int valueEnd(byte c, int i) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
        return nesting == 0 ? i + 1 : NOT_YET;
      }
      return NOT_YET;
    }
    if (valueIsScalar) {
      return c == ',' || c == '}' || c == ']' || isWhitespace(c) ? i : NOT_YET;
    }
    switch (c) {
      case '"' -> inString = true;
      case '{', '[' -> nesting++;
      case '}', ']' -> {
        if (--nesting == 0) {
          return i + 1;
        }
      }
      default -> { }
    }
    return NOT_YET;
  }

  /** Reads a byte between values; returns where a value starts at it, or -1. */
  private int structural(byte c, int i) {
    switch (expect) {
      case OPEN -> next(c == '{', Expect.KEY_OR_CLOSE, i);
      case KEY_OR_CLOSE, KEY -> {
        if (c == '}' && expect == Expect.KEY_OR_CLOSE) {
          expect = Expect.NOTHING;
        } else {
          next(c == '"', Expect.COLON, i);
          return startValue(c, i);
        }
      }
      case COLON -> next(c == ':', Expect.VALUE, i);
      case VALUE -> {
        if ("items".equals(key)) {
          next(c == '[', Expect.ITEM_OR_END, i);
        } else {
          expect = Expect.COMMA_OR_CLOSE;
          return startValue(c, i);
        }
      }
      case COMMA_OR_CLOSE -> next(c == ',' || c == '}', c == ',' ? Expect.KEY : Expect.NOTHING, i);
      case ITEM_OR_END, ITEM -> {
        if (c == ']' && expect == Expect.ITEM_OR_END) {
          expect = Expect.COMMA_OR_CLOSE;
        } else {
          next(c == '{', Expect.COMMA_OR_END, i);
          return startValue(c, i);
        }
      }
      case COMMA_OR_END -> next(c == ',' || c == ']', c == ',' ? Expect.ITEM : Expect.COMMA_OR_CLOSE, i);
      case NOTHING -> next(false, Expect.NOTHING, i);
    }
    return -1;
  }

  private void next(boolean expected, Expect then, int i) {
    if (!expected) {
      throw new IllegalStateException("malformed bulk load at byte " + (chunkStart + i) + " (expected " + expect + ")");
    }
    expect = then;
  }

  private void append(byte[] bytes, int from, int to) {
    int length = valueLength + to - from;
    if (length > value.length) {
      value = Arrays.copyOf(value, Math.max(length, value.length * 2));
    }
    System.arraycopy(bytes, from, value, valueLength, to - from);
    valueLength = length;
  }

  private int startValue(byte c, int i) {
    valueLength = 0;
    nesting = c == '{' || c == '[' ? 1 : 0;
    inString = c == '"';
    escaped = false;
    valueIsScalar = c != '{' && c != '[' && c != '"';
    return i;
  }

  private void onValue() {
    switch (expect) {
      case COLON -> key = (String) Json.decodeValue(valueBuffer());
      case COMMA_OR_CLOSE -> {
        if (key.equals("revision")) {
          revision = ((Number) Json.decodeValue(valueBuffer())).longValue();
        }
      }
      case COMMA_OR_END -> {
        items.accept(item());
        delivered++;
      }
      default -> throw new IllegalStateException("a value where none belongs: "
          + new String(value, 0, valueLength, StandardCharsets.UTF_8));
    }
  }

  private Buffer valueBuffer() {
    return Buffer.buffer(Arrays.copyOf(value, valueLength));
  }

  /** {@code {guildId,version,config}} in any order; the config kept as the bytes it came in. */
  private BackendClient.BulkItem item() {
    String guildId = null;
    Long version = null;
    CompactJson config = null;
    try (JsonParser parser = JsonText.parser(value, valueLength)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "guildId" -> guildId = JsonText.text(parser, field);
          case "version" -> version = JsonText.wholeNumber(parser, field);
          case "config" -> config = JsonText.object(parser, value);
          default -> parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("malformed bulk load item: " + e.getMessage(), e);
    }
    if (guildId == null || version == null || config == null) {
      throw new IllegalStateException("a bulk load item lacks its guildId, version or config");
    }
    return new BackendClient.BulkItem(guildId, version, config);
  }

  private void end() {
    if (expect != Expect.NOTHING || revision == null) {
      done.tryFail(new IllegalStateException("the bulk load ended early, after " + delivered + " item(s)"));
    } else {
      done.tryComplete(revision);
    }
  }

  private static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }
}
