package io.configsync.gateway;

import io.configsync.codecs.ShardSpec;
import java.util.ArrayList;
import java.util.List;

/** One bridge socket: who it authenticated as, and how it behaves. */
final class BotSession {

  private final TokenBucket frames;
  private String botId;
  private ShardSpec shards;
  private int authFailures;
  private int refusals;
  private final List<int[]> registrations = new ArrayList<>();

  BotSession(GatewayConfig config) {
    this.frames = new TokenBucket(config.framesPerSecond(), config.burstFrames());
  }

  boolean authenticated() {
    return botId != null;
  }

  void authenticate(String botId, ShardSpec shards) {
    this.botId = botId;
    this.shards = shards;
  }

  String botId() {
    return botId;
  }

  ShardSpec shards() {
    return shards;
  }

  void registered(int[] shard) {
    registrations.add(shard);
  }

  /** False if the socket was not registered there. */
  boolean unregistered(int[] shard) {
    return registrations.removeIf(r -> r[0] == shard[0] && r[1] == shard[1]);
  }

  /** The {count, shard} pairs this socket listens to. */
  List<int[]> registrations() {
    return List.copyOf(registrations);
  }

  boolean allowFrame() {
    return frames.tryTake();
  }

  int recordAuthFailure() {
    return ++authFailures;
  }

  int recordRefusal() {
    return ++refusals;
  }
}
