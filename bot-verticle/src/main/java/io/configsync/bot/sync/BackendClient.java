package io.configsync.bot.sync;

import io.configsync.codecs.Replay;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's view of the backend's HTTP API: bulk load, one guild's configs and the event log. Each call tries the
 * backend URLs in turn, starting with the one that answered last.
 */
public final class BackendClient {

  private static final Logger LOG = LoggerFactory.getLogger(BackendClient.class);

  /** One enabled config of a bulk load, as the compact JSON it came in. */
  public record BulkItem(String guildId, long version, CompactJson config) {

    public BulkItem(String guildId, long version, JsonObject config) {
      this(guildId, version, CompactJson.of(config));
    }
  }

  /** One non-deleted config of a guild, enabled or not, as {@code GET /api/guilds/{guildId}/modules} has it. */
  public record GuildState(String guildId, String moduleId, boolean enabled, long version, JsonObject config) {}

  /** 410: the backend no longer has the events asked for. */
  private static final class RevisionGone extends RuntimeException {
    private final long horizon;

    RevisionGone(String message, long horizon) {
      super(message, null, false, false);
      this.horizon = horizon;
    }
  }

  private static final String USER_AGENT = "configsync-bot";

  private final HttpClientAgent http;
  private final WebClient client;
  private final List<URI> backends;
  private final String token;
  private final ResponseBytes.Spare pageArray = new ResponseBytes.Spare();
  private volatile int preferred;

  public BackendClient(Vertx vertx, List<URI> backends, String token) {
    this(vertx, backends, token, null);
  }

  /** As above; an {@code https} backend must present {@code pinnedCertificate} (PEM), its host name unchecked. */
  public BackendClient(Vertx vertx, List<URI> backends, String token, java.nio.file.Path pinnedCertificate) {
    HttpClientOptions options = new HttpClientOptions().setConnectTimeout(2_000).setIdleTimeout(60);
    if (pinnedCertificate != null) {
      options.setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(pinnedCertificate.toString()))
          .setVerifyHost(false);
    }
    this.http = vertx.createHttpClient(options);
    this.client = WebClient.wrap(http, new WebClientOptions().setUserAgent(USER_AGENT));
    this.backends = List.copyOf(backends);
    this.token = token;
  }

  /**
   * Streams every enabled config of a module into {@code items}, on this client's context as they
   * arrive, and completes with the revision they are the state of once the response ended
   * properly. Another backend is tried only if the first one failed before any item; a load that
   * fails after some items must be done again from the start (the items of different backends'
   * snapshots must not mix).
   */
  public Future<Long> bulkLoad(String moduleId, ShardSpec shards, Consumer<BulkItem> items) {
    return streamAttempt("/api/modules/enabled/" + moduleId + "?shards=" + shards, items, preferred, 0);
  }

  private Future<Long> streamAttempt(String pathAndQuery, Consumer<BulkItem> items, int index, int tried) {
    URI base = backends.get(index);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url(base, pathAndQuery))
        .putHeader(HttpHeaders.USER_AGENT, USER_AGENT);
    if (token != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    int[] delivered = {0};
    return http.request(options).compose(request -> request.send().compose(response -> {
      if (response.statusCode() != 200) {
        return response.body().compose(body -> Future.failedFuture(new IllegalStateException(
            base + pathAndQuery + " answered " + response.statusCode() + " " + excerpt(body.toString()))));
      }
      preferred = index;
      BulkLoadParser parser = BulkLoadParser.parse(response, item -> {
        delivered[0]++;
        items.accept(item);
      });
      // A load that failed midway stops the transfer rather than reading the rest for nothing.
      return parser.revision().onFailure(failure -> request.reset());
    })).recover(failure -> {
      if (delivered[0] > 0 || tried + 1 >= backends.size()) {
        return Future.failedFuture(failure);
      }
      int next = (index + 1) % backends.size();
      LOG.warn("Backend {} failed ({}); trying {}", base, failure.getMessage(), backends.get(next));
      return streamAttempt(pathAndQuery, items, next, tried + 1);
    });
  }

  /** Every non-deleted config of {@code guildId}, enabled or not. */
  public Future<List<GuildState>> guildStates(String guildId) {
    return call("/api/guilds/" + guildId + "/modules", body -> {
      JsonArray modules = body.getJsonArray("modules");
      List<GuildState> parsed = new ArrayList<>(modules.size());
      for (int i = 0; i < modules.size(); i++) {
        JsonObject item = modules.getJsonObject(i);
        parsed.add(new GuildState(item.getString("guildId", guildId), item.getString("moduleId"),
            item.getBoolean("enabled", false), item.getLong("version"), item.getJsonObject("config")));
      }
      return parsed;
    });
  }

  /** The log after {@code after}, as the replay address has it: a page, or gone past retention (410). */
  public Future<Replay.Reply> eventsAfter(long after, int limit) {
    return eventsAfter(after, limit, (config, text) -> { });
  }

  /**
   * As above, handing each config of the page to {@code texts} with the compact JSON it was read
   * from. The body is read into one array and parsed from it (see {@link ResponseBytes}).
   */
  Future<Replay.Reply> eventsAfter(long after, int limit, BiConsumer<JsonObject, CompactJson> texts) {
    String pathAndQuery = "/api/events?after=" + after + "&limit=" + limit;
    return withFailover(preferred, 0, base -> pageBytes(base, pathAndQuery))
        .map(body -> {
          try {
            return (Replay.Reply) EventPageReader.read(body.bytes(), body.length(), texts);
          } finally {
            body.recycle();
          }
        })
        .recover(failure -> failure instanceof RevisionGone gone
            ? Future.succeededFuture(new Replay.Gone(gone.horizon))
            : Future.failedFuture(failure));
  }

  private Future<ResponseBytes> pageBytes(URI base, String pathAndQuery) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url(base, pathAndQuery))
        .putHeader(HttpHeaders.USER_AGENT, USER_AGENT);
    if (token != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    return http.request(options).compose(request -> request.send().compose(response -> response.statusCode() == 200
        ? ResponseBytes.read(response, pageArray)
        : response.body().compose(body -> Future.failedFuture(refusal(base + pathAndQuery, response.statusCode(),
            body)))));
  }

  public Future<Void> close() {
    client.close();
    return http.close();
  }

  private <T> Future<T> call(String pathAndQuery, Function<JsonObject, T> parse) {
    return attempt(pathAndQuery).map(response -> parse.apply(response.bodyAsJsonObject()));
  }

  private Future<HttpResponse<Buffer>> attempt(String pathAndQuery) {
    return withFailover(preferred, 0, base -> {
      HttpRequest<Buffer> request = client.requestAbs(HttpMethod.GET, url(base, pathAndQuery));
      if (token != null) {
        request.bearerTokenAuthentication(token);
      }
      return request.send().compose(response -> response.statusCode() == 200 ? Future.succeededFuture(response)
          : Future.failedFuture(refusal(base + pathAndQuery, response.statusCode(), response.body())));
    });
  }

  /**
   * {@code exchange} with the backend at {@code index}, then with the next ones in turn while it
   * fails; the one that answered is preferred from then on. A 410 is an answer, not a failure.
   */
  private <T> Future<T> withFailover(int index, int tried, Function<URI, Future<T>> exchange) {
    URI base = backends.get(index);
    return exchange.apply(base).onSuccess(answered -> preferred = index).recover(failure -> {
      if (failure instanceof RevisionGone || tried + 1 >= backends.size()) {
        return Future.failedFuture(failure);
      }
      int next = (index + 1) % backends.size();
      LOG.warn("Backend {} failed ({}); trying {}", base, failure.getMessage(), backends.get(next));
      return withFailover(next, tried + 1, exchange);
    });
  }

  /** Why {@code url} answered {@code status}: a {@link RevisionGone} for 410. */
  private static RuntimeException refusal(String url, int status, Buffer body) {
    String described = status + (body == null ? "" : " " + excerpt(body.toString()));
    return status == 410 ? new RevisionGone(described, horizon(body)) : new IllegalStateException(url + " answered "
        + described);
  }

  private static long horizon(Buffer body) {
    try {
      return Math.max(0, body.toJsonObject().getLong("horizon", 0L));
    } catch (RuntimeException unreadable) {
      return 0;
    }
  }

  private static String url(URI base, String pathAndQuery) {
    return base.toString().replaceAll("/+$", "") + pathAndQuery;
  }

  private static String excerpt(String body) {
    return body.substring(0, Math.min(body.length(), 300));
  }
}
