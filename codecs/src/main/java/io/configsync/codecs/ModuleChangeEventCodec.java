package io.configsync.codecs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Binary wire form of {@link ModuleChangeEvent} for the clustered event bus.
 *
 * <p>Layout: format byte, revision, version, action ordinal, timestamp (epoch seconds, nanos),
 * guildId, moduleId, origin (each an int length and UTF-8 bytes), then the config as an int length
 * (-1 for null) and its JSON bytes. Local delivery passes the same instance, as the record is
 * immutable.
 */
public final class ModuleChangeEventCodec extends SameInstanceCodec<ModuleChangeEvent> {

  public static final String NAME = "configsync.ModuleChangeEvent.v1";

  private static final byte FORMAT = 1;
  private static final int NULL_LENGTH = -1;
  private static final ModuleAction[] ACTIONS = ModuleAction.values();

  public ModuleChangeEventCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, ModuleChangeEvent event) {
    append(buffer, event);
  }

  /** Appends the wire form of {@code event}; {@link ModuleChangesCodec} writes each of its events so. */
  static void append(Buffer buffer, ModuleChangeEvent event) {
    buffer.appendByte(FORMAT)
        .appendLong(event.revision())
        .appendLong(event.version())
        .appendByte((byte) event.action().ordinal())
        .appendLong(event.timestamp().getEpochSecond())
        .appendInt(event.timestamp().getNano());
    appendString(buffer, event.guildId());
    appendString(buffer, event.moduleId());
    appendString(buffer, event.origin());
    if (event.config() == null) {
      buffer.appendInt(NULL_LENGTH);
    } else {
      Buffer json = event.config().toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }
  }

  @Override
  public ModuleChangeEvent decodeFromWire(int pos, Buffer buffer) {
    return read(new Reader(buffer, pos));
  }

  /** Reads one event's wire form where {@code reader} stands, and moves it past. */
  static ModuleChangeEvent read(Reader reader) {
    byte format = reader.readByte();
    if (format != FORMAT) {
      throw new IllegalStateException("unsupported ModuleChangeEvent wire format " + format);
    }
    long revision = reader.readLong();
    long version = reader.readLong();
    byte actionOrdinal = reader.readByte();
    if (actionOrdinal < 0 || actionOrdinal >= ACTIONS.length) {
      throw new IllegalStateException("unknown ModuleAction ordinal " + actionOrdinal + " on the wire");
    }
    ModuleAction action = ACTIONS[actionOrdinal];
    Instant timestamp = Instant.ofEpochSecond(reader.readLong(), reader.readInt());
    String guildId = reader.readString();
    String moduleId = reader.readString();
    String origin = reader.readString();
    JsonObject config = reader.readJsonObject();
    return new ModuleChangeEvent(revision, guildId, moduleId, action, config, version, timestamp, origin);
  }

  private static void appendString(Buffer buffer, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  static final class Reader {
    private final Buffer buffer;
    private int pos;

    Reader(Buffer buffer, int pos) {
      this.buffer = buffer;
      this.pos = pos;
    }

    byte readByte() {
      return buffer.getByte(pos++);
    }

    int readInt() {
      int value = buffer.getInt(pos);
      pos += Integer.BYTES;
      return value;
    }

    long readLong() {
      long value = buffer.getLong(pos);
      pos += Long.BYTES;
      return value;
    }

    String readString() {
      int length = readInt();
      String value = buffer.getString(pos, pos + length, StandardCharsets.UTF_8.name());
      pos += length;
      return value;
    }

    JsonObject readJsonObject() {
      int length = readInt();
      if (length == NULL_LENGTH) {
        return null;
      }
      JsonObject value = new JsonObject(buffer.getBuffer(pos, pos + length));
      pos += length;
      return value;
    }
  }
}
