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

/**
 * The body of {@code GET /api/events}, {@code {"after":A,"head":H,"through":T,"events":[...]}}, each
 * event as {@link io.configsync.codecs.ModuleChangeEvent#toJson()} has it and its config copied as
 * the database prints it. Written straight into one buffer sized for the page: a catch-up reads
 * 100,000 events, and a string per field and a copy per append cost more than the query.
 */
final class EventPageBody {

  /** Bytes of an event around its config: the field names and values but the config. */
  private static final int EVENT_BYTES = 220;
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

  static Buffer render(long after, ModuleStateReader.Page<Row> page) {
    ByteBuf out = Unpooled.buffer(capacity(page));
    field(out, "{\"after\":", after);
    field(out, ",\"head\":", page.head());
    field(out, ",\"through\":", page.through());
    ByteBufUtil.writeAscii(out, ",\"events\":[");
    for (int i = 0; i < page.events().size(); i++) {
      if (i > 0) {
        out.writeByte(',');
      }
      event(out, page.events().get(i));
    }
    ByteBufUtil.writeAscii(out, "]}");
    return BufferInternal.buffer(out);
  }

  private static int capacity(ModuleStateReader.Page<Row> page) {
    long bytes = 128;
    for (Row row : page.events()) {
      Buffer config = row.getBuffer(CONFIG);
      bytes += EVENT_BYTES + (config == null ? 4 : config.length());
    }
    return (int) Math.min(bytes, Integer.MAX_VALUE - 8);
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
