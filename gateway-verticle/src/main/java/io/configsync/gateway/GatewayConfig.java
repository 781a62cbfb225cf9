package io.configsync.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the gateway role needs.
 *
 * @param gatewayId this gateway's name in bot presence and {@code /api/bots}
 * @param maxFrameBytes frames larger than this are refused
 * @param framesPerSecond sustained frames allowed per socket; more are refused
 * @param burstFrames frames a socket may send at once
 * @param maxAuthFailures failed authentications after which the socket is closed
 * @param maxRefusals refused frames after which the socket is closed
 * @param progressInterval how often each shard stream says how far it is complete
 * @param authenticationDeadline a socket not authenticated by then is closed
 * @param maxShardsPerSocket a socket claiming more shards is refused
 * @param maxSocketsPerBot authenticated sockets one bot id may hold open on this gateway
 */
public record GatewayConfig(
    String gatewayId,
    BotCredentials credentials,
    int maxFrameBytes,
    double framesPerSecond,
    int burstFrames,
    int maxAuthFailures,
    int maxRefusals,
    Duration progressInterval,
    Duration authenticationDeadline,
    int maxShardsPerSocket,
    int maxSocketsPerBot) {

  public GatewayConfig {
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(credentials, "credentials");
  }

  public static GatewayConfig defaults(String gatewayId, BotCredentials credentials) {
    return builder(gatewayId, credentials).build();
  }

  /** The defaults, to change by name. */
  public static Builder builder(String gatewayId, BotCredentials credentials) {
    return new Builder(gatewayId, credentials);
  }

  /** Named fields for {@link GatewayConfig}, starting from the defaults. */
  public static final class Builder {
    private final String gatewayId;
    private final BotCredentials credentials;
    private int maxFrameBytes = 64 * 1024;
    private double framesPerSecond = 100;
    private int burstFrames = 400;
    private int maxAuthFailures = 3;
    private int maxRefusals = 100;
    private Duration progressInterval = Duration.ofSeconds(1);
    private Duration authenticationDeadline = Duration.ofSeconds(10);
    private int maxShardsPerSocket = 64;
    private int maxSocketsPerBot = 16;

    private Builder(String gatewayId, BotCredentials credentials) {
      this.gatewayId = gatewayId;
      this.credentials = credentials;
    }

    public Builder maxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    public Builder framesPerSecond(double framesPerSecond, int burstFrames) {
      this.framesPerSecond = framesPerSecond;
      this.burstFrames = burstFrames;
      return this;
    }

    public Builder maxAuthFailures(int maxAuthFailures) {
      this.maxAuthFailures = maxAuthFailures;
      return this;
    }

    public Builder maxRefusals(int maxRefusals) {
      this.maxRefusals = maxRefusals;
      return this;
    }

    public Builder progressInterval(Duration progressInterval) {
      this.progressInterval = progressInterval;
      return this;
    }

    public Builder authenticationDeadline(Duration authenticationDeadline) {
      this.authenticationDeadline = authenticationDeadline;
      return this;
    }

    public Builder maxShardsPerSocket(int maxShardsPerSocket) {
      this.maxShardsPerSocket = maxShardsPerSocket;
      return this;
    }

    public Builder maxSocketsPerBot(int maxSocketsPerBot) {
      this.maxSocketsPerBot = maxSocketsPerBot;
      return this;
    }

    public GatewayConfig build() {
      return new GatewayConfig(gatewayId, credentials, maxFrameBytes, framesPerSecond, burstFrames, maxAuthFailures,
          maxRefusals, progressInterval, authenticationDeadline, maxShardsPerSocket, maxSocketsPerBot);
    }
  }
}
