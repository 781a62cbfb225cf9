package io.configsync.bot.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A held config as the UTF-8 bytes of its compact JSON. A bot holds every config of its shards for
 * its snapshot file, its slash commands and its modules (which keep the same object, not a copy,
 * and parse it again when a guild's event needs it): a million configs as {@link JsonObject} trees
 * would take about three times the heap of their JSON. Decoded again on demand. Immutable.
 */
public final class CompactJson {

  private final byte[] utf8;

  private CompactJson(byte[] utf8) {
    this.utf8 = utf8;
  }

  public static CompactJson of(JsonObject config) {
    return new CompactJson(Objects.requireNonNull(config, "config").toBuffer().getBytes());
  }

  /**
   * The JSON text {@code text[from, to)} without the whitespace between its tokens: cheaper than
   * decoding and encoding it again, for text that is then decoded anyway (which checks it).
   * PostgreSQL prints jsonb with a space after every ':' and ','.
   */
  public static CompactJson ofText(byte[] text, int from, int to) {
    // Counted first: one array of the exact size rather than one of the text's size trimmed by a copy.
    byte[] compact = new byte[compact(text, from, to, null)];
    compact(text, from, to, compact);
    return new CompactJson(compact);
  }

  /** Copies {@code text[from, to)} without its whitespace into {@code into} (none if null); the length it has so. */
  private static int compact(byte[] text, int from, int to, byte[] into) {
    int length = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = from; i < to; i++) {
      byte c = text[i];
      if (escaped) {
        escaped = false;
      } else if (inString) {
        escaped = c == '\\';
        inString = c != '"';
      } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        continue;
      } else {
        inString = c == '"';
      }
      if (into != null) {
        into[length] = c;
      }
      length++;
    }
    return length;
  }

  /**
   * A new object each time: callers may change it. Built by {@link JsonTree} from Jackson's
   * streaming parser (cheaper than the databind path {@code new JsonObject(Buffer)} takes), the
   * same code that reads the configs of a page of the log: a bot that restores its snapshot has it
   * compiled when it catches up.
   */
  public JsonObject toJsonObject() {
    try (JsonParser parser = JsonText.parser(utf8, utf8.length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeException("a held config is not a JSON object: " + this);
      }
      JsonObject config = new JsonObject(JsonTree.object(parser));
      if (parser.nextToken() != null) {
        throw new DecodeException("a held config has more after its object: " + this);
      }
      return config;
    } catch (IOException e) {
      throw new DecodeException("a held config is not JSON: " + e.getMessage(), e);
    }
  }

  /** Bytes of the JSON. */
  public int size() {
    return utf8.length;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(utf8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CompactJson json && Arrays.equals(utf8, json.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
  }
}
