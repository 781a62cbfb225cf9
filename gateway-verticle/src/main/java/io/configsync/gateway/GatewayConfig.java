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
    return new GatewayConfig(gatewayId, credentials, 64 * 1024, 100, 400, 3, 100, Duration.ofSeconds(1),
        Duration.ofSeconds(10), 64, 16);
  }
}
