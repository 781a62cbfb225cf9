package io.configsync.gateway;

import io.configsync.codecs.ShardAddress;
import io.configsync.codecs.ShardSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One bridge socket: who it authenticated as, and how it behaves.
 *
 * <p>Threads: everything is written on the socket's event loop (the HTTP server's, where its bridge
 * events arrive). Who the socket is and whether it is closing are also read elsewhere, by the
 * gateway verticle's presence heartbeat, by metrics scrapes and by other sockets counting a bot's
 * sockets: those two are volatile, the identity one immutable pair set once. The frame bucket,
 * the counts and the registrations are touched on the socket's event loop only.
 */
final class BotSession {

  /** Who an authenticated socket is. */
  private record Identity(String botId, ShardSpec shards) {}

  private final TokenBucket frames;
  private final ShardListener listener;
  private volatile Identity identity;
  private volatile boolean closing;
  private int authFailures;
  private int refusals;
  private final List<ShardAddress> registrations = new ArrayList<>();

  /** @param listener where the socket's shard streams are written */
  BotSession(GatewayConfig config, ShardListener listener) {
    this.frames = new TokenBucket(config.framesPerSecond(), config.burstFrames());
    this.listener = listener;
  }

  ShardListener listener() {
    return listener;
  }

  boolean authenticated() {
    return identity != null;
  }

  void authenticate(String botId, ShardSpec shards) {
    this.identity = new Identity(botId, shards);
  }

  /** Null until authenticated. */
  String botId() {
    Identity current = identity;
    return current == null ? null : current.botId();
  }

  /** Null until authenticated. */
  ShardSpec shards() {
    Identity current = identity;
    return current == null ? null : current.shards();
  }

  void registered(ShardAddress shard) {
    registrations.add(shard);
  }

  boolean isRegistered(ShardAddress shard) {
    return registrations.contains(shard);
  }

  /** Removes one registration there; false if the socket had none. */
  boolean unregistered(ShardAddress shard) {
    return registrations.remove(shard);
  }

  /** The shard streams this socket listens to. */
  List<ShardAddress> registrations() {
    return List.copyOf(registrations);
  }

  boolean allowFrame() {
    return frames.tryTake();
  }

  /** The guard closed this socket: frames still arriving before the close completes are refused. */
  void closing() {
    closing = true;
  }

  boolean isClosing() {
    return closing;
  }

  int recordAuthFailure() {
    return ++authFailures;
  }

  int recordRefusal() {
    return ++refusals;
  }
}
