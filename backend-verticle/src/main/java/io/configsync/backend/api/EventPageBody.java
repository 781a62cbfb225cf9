package io.configsync.backend.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.configsync.backend.store.ModuleStateReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code GET /api/events}, {@code {"after":A,"head":H,"through":T,"events":[...]}}, each
 * event as {@link io.configsync.codecs.ModuleChangeEvent#toJson()} has it and its config copied as
 * the database prints it. Written straight into chunks of the page: a catch-up reads 100,000
 * events, and a string per field, a copy per append, or a fresh buffer of megabytes cost more than
 * the query.
 */
final class EventPageBody {

  /** Bytes of an event around its config and texts: the field names, numbers and timestamp. */
  private static final int EVENT_BYTES = 256;
  /** The most bytes a character of a text takes in JSON: a control character is escaped as six. */
  private static final int MAX_BYTES_PER_ESCAPED_CHAR = 6;
  private static final int HEAD_BYTES = 128;
  private static final int CHUNK_BYTES = 64 * 1_024;
  private static final int YEAR_WRITTEN_PLAINLY = 9_999;

  /** The columns of {@code SqlQueries.SELECT_EVENTS_AFTER_IN_SHARDS_CONFIG_AS_UTF8}. */
  private static final int REVISION = 2;
  private static final int GUILD_ID = 3;
  private static final int MODULE_ID = 4;
  private static final int ACTION = 5;
  private static final int CONFIG = 6;
  private static final int VERSION = 7;
  private static final int ORIGIN = 8;
  private static final int CREATED_AT = 9;

  private EventPageBody() {}

  /**
   * The page in chunks of {@value #CHUNK_BYTES} bytes, to be written in turn: small buffers that
   * the young generation recycles, where a buffer of megabytes is a fresh allocation to zero each
   * time, and the socket's pooled direct buffers take them from there.
   */
  static List<Buffer> render(long after, ModuleStateReader.Page<Row> page) {
    Chunks out = new Chunks();
    ByteBuf head = out.room(HEAD_BYTES);
    field(head, "{\"after\":", after);
    field(head, ",\"head\":", page.head());
    field(head, ",\"through\":", page.through());
    ByteBufUtil.writeAscii(head, ",\"events\":[");
    for (int i = 0; i < page.events().size(); i++) {
      Row row = page.events().get(i);
      ByteBuf chunk = out.room(maxBytes(row));
      if (i > 0) {
        chunk.writeByte(',');
      }
      event(chunk, row);
    }
    ByteBufUtil.writeAscii(out.room(2), "]}");
    return out.finish();
  }

  /** The most an event's JSON can take: its fixed part, its config, and its texts escaped at worst. */
  private static int maxBytes(Row row) {
    Buffer config = row.getBuffer(CONFIG);
    int texts = row.getString(MODULE_ID).length() + row.getString(ACTION).length() + row.getString(ORIGIN).length();
    return 1 + EVENT_BYTES + (config == null ? 4 : config.length()) + texts * MAX_BYTES_PER_ESCAPED_CHAR;
  }

  /**
   * Fixed-size chunks, each written until the next piece might not fit. A chunk cannot grow: a
   * piece larger than its bound fails the page instead of reallocating.
   */
  private static final class Chunks {
    private final List<Buffer> done = new ArrayList<>();
    private ByteBuf current;

    ByteBuf room(int bytes) {
      if (current == null || current.writableBytes() < bytes) {
        finishCurrent();
        int size = Math.max(CHUNK_BYTES, bytes);
        current = Unpooled.buffer(size, size);
      }
      return current;
    }

    List<Buffer> finish() {
      finishCurrent();
      return done;
    }

    private void finishCurrent() {
      if (current != null) {
        done.add(BufferInternal.buffer(current));
        current = null;
      }
    }
  }

  private static void event(ByteBuf out, Row row) {
    field(out, "{\"revision\":", row.getLong(REVISION));
    field(out, ",\"guildId\":\"", row.getLong(GUILD_ID));
    quotedField(out, "\",\"moduleId\":", row.getString(MODULE_ID));
    quotedField(out, ",\"action\":", row.getString(ACTION));
    Buffer config = row.getBuffer(CONFIG);
    ByteBufUtil.writeAscii(out, ",\"config\":");
    if (config == null) {
      ByteBufUtil.writeAscii(out, "null");
    } else {
      out.writeBytes(((BufferInternal) config).getByteBuf());
    }
    field(out, ",\"version\":", row.getLong(VERSION));
    ByteBufUtil.writeAscii(out, ",\"timestamp\":\"");
    instant(out, row.getOffsetDateTime(CREATED_AT));
    quotedField(out, "\",\"origin\":", row.getString(ORIGIN));
    out.writeByte('}');
  }

  /** {@code label} then {@code value} in decimal, without a string for it. */
  private static void field(ByteBuf out, String label, long value) {
    ByteBufUtil.writeAscii(out, label);
    if (value < 0) {
      ByteBufUtil.writeAscii(out, Long.toString(value));
      return;
    }
    int first = out.writerIndex();
    do {
      out.writeByte((int) ('0' + value % 10));
      value /= 10;
    } while (value > 0);
    for (int from = first, to = out.writerIndex() - 1; from < to; from++, to--) {
      byte swapped = out.getByte(from);
      out.setByte(from, out.getByte(to));
      out.setByte(to, swapped);
    }
  }

  private static void quotedField(ByteBuf out, String label, String text) {
    ByteBufUtil.writeAscii(out, label);
    quoted(out, text);
  }

  /** {@code text} as a JSON string, escaped as Jackson escapes it (only when it has to be). */
  private static void quoted(ByteBuf out, String text) {
    out.writeByte('"');
    if (plain(text)) {
      ByteBufUtil.writeUtf8(out, text);
    } else {
      ByteBufUtil.writeUtf8(out, new String(JsonStringEncoder.getInstance().quoteAsString(text)));
    }
    out.writeByte('"');
  }

  private static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** As {@link java.time.Instant#toString()} writes it: {@code 2026-12-07T14:46:39.123456Z}. */
  static void instant(ByteBuf out, OffsetDateTime time) {
    OffsetDateTime utc = time.getOffset().equals(ZoneOffset.UTC) ? time : time.withOffsetSameInstant(ZoneOffset.UTC);
    if (utc.getYear() < 0 || utc.getYear() > YEAR_WRITTEN_PLAINLY) {
      ByteBufUtil.writeAscii(out, utc.toInstant().toString());
      return;
    }
    digits(out, utc.getYear(), 4);
    out.writeByte('-');
    digits(out, utc.getMonthValue(), 2);
    out.writeByte('-');
    digits(out, utc.getDayOfMonth(), 2);
    out.writeByte('T');
    digits(out, utc.getHour(), 2);
    out.writeByte(':');
    digits(out, utc.getMinute(), 2);
    out.writeByte(':');
    digits(out, utc.getSecond(), 2);
    fraction(out, utc.getNano());
    out.writeByte('Z');
  }

  /** Instant's fraction: none, or 3, 6 or 9 digits, whichever holds it exactly. */
  private static void fraction(ByteBuf out, int nanos) {
    if (nanos == 0) {
      return;
    }
    out.writeByte('.');
    if (nanos % 1_000_000 == 0) {
      digits(out, nanos / 1_000_000, 3);
    } else if (nanos % 1_000 == 0) {
      digits(out, nanos / 1_000, 6);
    } else {
      digits(out, nanos, 9);
    }
  }

  private static void digits(ByteBuf out, int value, int width) {
    int divisor = 1;
    for (int i = 1; i < width; i++) {
      divisor *= 10;
    }
    for (; divisor > 0; divisor /= 10) {
      out.writeByte('0' + value / divisor % 10);
    }
  }
}
