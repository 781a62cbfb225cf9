package io.configsync.codecs;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary wire form of {@link ModuleChanges} for the clustered event bus: format byte, event count,
 * then each event as {@link ModuleChangeEventCodec} writes it. Local delivery passes the same
 * instance.
 */
public final class ModuleChangesCodec extends SameInstanceCodec<ModuleChanges> {

  public static final String NAME = "configsync.ModuleChanges.v1";

  private static final byte FORMAT = 1;
  /** Larger encodings are not kept for the next node: they would stay on the publishing thread. */
  private static final int KEPT_BYTES_MAX = 1 << 20;
  private static final ThreadLocal<Encoded> LAST_ENCODED = new ThreadLocal<>();

  public ModuleChangesCodec() {
    super(NAME);
  }

  /**
   * A publish encodes the same message once per node it reaches, one after the other on one thread:
   * the bytes are kept from the first to the next.
   */
  @Override
  public void encodeToWire(Buffer buffer, ModuleChanges changes) {
    Encoded last = LAST_ENCODED.get();
    if (last != null && last.changes() == changes) {
      buffer.appendBuffer(last.bytes());
      return;
    }
    Buffer bytes = Buffer.buffer();
    bytes.appendByte(FORMAT).appendInt(changes.events().size());
    changes.events().forEach(event -> ModuleChangeEventCodec.append(bytes, event));
    LAST_ENCODED.set(bytes.length() <= KEPT_BYTES_MAX ? new Encoded(changes, bytes) : null);
    buffer.appendBuffer(bytes);
  }

  @Override
  public ModuleChanges decodeFromWire(int pos, Buffer buffer) {
    ModuleChangeEventCodec.Reader reader = new ModuleChangeEventCodec.Reader(buffer, pos);
    byte format = reader.readByte();
    if (format != FORMAT) {
      throw new IllegalStateException("unsupported ModuleChanges wire format " + format);
    }
    int count = reader.readInt();
    if (count < 1) {
      throw new IllegalStateException("ModuleChanges of " + count + " events on the wire");
    }
    List<ModuleChangeEvent> events = new ArrayList<>(Math.min(count, 1_024));
    for (int i = 0; i < count; i++) {
      events.add(ModuleChangeEventCodec.read(reader));
    }
    return new ModuleChanges(events);
  }

  private record Encoded(ModuleChanges changes, Buffer bytes) {}
}
