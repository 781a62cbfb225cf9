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
  private boolean closing;
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

  boolean isRegistered(int[] shard) {
    return registrations.stream().anyMatch(registration -> registration[0] == shard[0] && registration[1] == shard[1]);
  }

  /** Removes one registration there; false if the socket had none. */
  boolean unregistered(int[] shard) {
    for (int i = 0; i < registrations.size(); i++) {
      int[] registration = registrations.get(i);
      if (registration[0] == shard[0] && registration[1] == shard[1]) {
        registrations.remove(i);
        return true;
      }
    }
    return false;
  }

  /** The {count, shard} pairs this socket listens to. */
  List<int[]> registrations() {
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
