package io.configsync.codecs;

import io.vertx.core.eventbus.MessageCodec;

/**
 * A codec for messages no consumer changes: local deliveries pass the sent instance itself, and
 * subclasses only define the wire form.
 */
public abstract class SameInstanceCodec<T> implements MessageCodec<T, T> {

  private final String name;

  protected SameInstanceCodec(String name) {
    this.name = name;
  }

  /** The same instance: the message is immutable, or its consumers treat it as read-only. */
  @Override
  public final T transform(T message) {
    return message;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final byte systemCodecID() {
    return -1;
  }
}
