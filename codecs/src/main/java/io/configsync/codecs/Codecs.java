package io.configsync.codecs;

import io.vertx.core.eventbus.EventBus;

/** Registers every ConfigSync codec. Call it on every node, before any consumer or publish. */
public final class Codecs {

  private Codecs() {}

  /**
   * Idempotent: every role registers on start, and several roles may share one event bus. There is
   * never a moment without the codec, so a concurrent publish cannot miss it.
   */
  public static synchronized void registerAll(EventBus eventBus) {
    try {
      eventBus.registerDefaultCodec(ModuleChangeEvent.class, new ModuleChangeEventCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another role of this node registered it first
    }
    try {
      eventBus.registerCodec(new SharedJsonCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // likewise
    }
  }
}
