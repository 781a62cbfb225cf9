package io.configsync.bench.propagation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Admin edits over the HTTP API, as a dashboard makes them: {@code PUT} of a {@code welcome} config
 * to one of {@link #GUILDS} guilds in turn. Every write changes the message, so every accepted
 * write is a new version and one event.
 */
public final class ConfigWrites implements Writes, AutoCloseable {

  static final int GUILDS = 1_000;
  private static final long FIRST_GUILD_ID = 410_000_000_000_000_000L;

  private final HttpClientAgent client;
  private final int port;

  ConfigWrites(Vertx vertx, int port, int maxConnections) {
    this.port = port;
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000))
        .with(new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1))
        .build();
  }

  /** The {@code sequence}-th write; completes with its revision, or fails with {@link Refused} unless 200. */
  @Override
  public Future<Long> put(long sequence) {
    long guildId = FIRST_GUILD_ID + sequence % GUILDS;
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(port)
        .setURI("/api/guilds/" + guildId + "/modules/welcome")
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + LoopbackCluster.ADMIN_TOKEN)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    Buffer body = body(sequence).toBuffer();
    return client.request(request)
        .compose(sent -> sent.send(body))
        .compose(response -> response.body().map(answer -> {
          if (response.statusCode() != 200) {
            throw new Refused("HTTP " + response.statusCode());
          }
          return new JsonObject(answer).getLong("revision");
        }));
  }

  /** The config of the {@code sequence}-th write: about 190 bytes, like a typical welcome config. */
  public static JsonObject body(long sequence) {
    return new JsonObject().put("config", new JsonObject()
        .put("channelId", "410000000000012345")
        .put("message", "Welcome {user.mention} to {server}! Read #rules first, then say hello in #general. "
            + "Edit " + sequence));
  }

  @Override
  public void close() {
    client.close();
  }
}
