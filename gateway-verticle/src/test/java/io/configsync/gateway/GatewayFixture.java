package io.configsync.gateway;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.FailureCodes;
import io.configsync.codecs.ProposalReply;
import io.configsync.codecs.Replay;
import io.configsync.codecs.ShardAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A gateway on a real local Vert.x: the {@link GatewayVerticle} behind two HTTP servers sharing a
 * free port on 127.0.0.1, each on its own event loop (Vert.x hands them connections in turn), with
 * fake backend consumers on the addresses a bridge bot may reach. Everything a bridge bot makes the
 * gateway put on the bus is seen, in order, by an outbound interceptor.
 */
final class GatewayFixture {

  static final String GATEWAY_ID = "gw-test";
  static final String STATE_GUILD = "310000000000000001";
  private static final Set<String> BOT_ADDRESSES =
      Set.of(Addresses.BOT_ACK, Addresses.BOT_PRESENCE, Addresses.BOT_PROPOSAL, Addresses.REPLAY);

  /** One message put on the bus by the gateway, as its body (a record, or JSON). */
  record Sent(String address, Object body) {}

  private final Vertx vertx;
  private final Arrivals<Sent> sent = new Arrivals<>();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final List<HttpServer> servers = new ArrayList<>();
  private String deployment;

  private GatewayFixture(Vertx vertx) {
    this.vertx = vertx;
  }

  static Future<GatewayFixture> start(Vertx vertx, GatewayConfig config) {
    GatewayFixture fixture = new GatewayFixture(vertx);
    return fixture.deploy(config).map(fixture);
  }

  private Future<Void> deploy(GatewayConfig config) {
    Codecs.registerAll(vertx.eventBus());
    vertx.eventBus().addOutboundInterceptor(this::observe);
    Router router = Router.router(vertx);
    return Future.join(List.of(
            vertx.eventBus().consumer(Addresses.REPLAY, this::replay).completion(),
            vertx.eventBus().consumer(Addresses.BOT_PROPOSAL, this::propose).completion(),
            vertx.eventBus().consumer(Addresses.BOT_ACK, message -> { }).completion(),
            vertx.eventBus().consumer(Addresses.BOT_PRESENCE, message -> { }).completion()))
        .compose(v -> vertx.deployVerticle(new GatewayVerticle(config, router, HealthChecks.create(vertx), metrics)))
        .compose(id -> {
          deployment = id;
          // A negative port: the first server takes a free one, and the second shares it
          return listen(router).compose(first -> listen(router));
        })
        .compose(second -> second.actualPort() == port() ? sockJsInfo()
            : Future.failedFuture("the two servers listen on different ports"))
        .mapEmpty();
  }

  /** An HTTP server on an event loop of its own (a new event-loop context takes the next loop). */
  private Future<HttpServer> listen(Router router) {
    Promise<HttpServer> listening = Promise.promise();
    ((VertxInternal) vertx).createEventLoopContext().runOnContext(v -> vertx.createHttpServer()
        .requestHandler(router).listen(-1, "127.0.0.1").onSuccess(servers::add).onComplete(listening));
    return listening.future();
  }

  /** SockJS's info route answers: the bridge is served (and its classes loaded before the first socket). */
  private Future<Void> sockJsInfo() {
    HttpClient client = vertx.createHttpClient();
    return client.request(HttpMethod.GET, port(), "127.0.0.1", "/eventbus/info")
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200 ? response.body().<Void>mapEmpty()
            : Future.failedFuture("SockJS info answered " + response.statusCode()))
        .eventually(() -> client.close());
  }

  Future<Void> stop() {
    return Future.join(servers.stream().map(HttpServer::close).toList()).compose(v -> vertx.undeploy(deployment));
  }

  int port() {
    return servers.get(0).actualPort();
  }

  /** Shard messages not written to a socket whose write queue was full. */
  double skipped() {
    return metrics.counter("configsync.gateway.skipped").count();
  }

  Future<BridgeSocket> connect() {
    return BridgeSocket.connect(vertx, port());
  }

  /** The backend's event log is empty: head 0. */
  private void replay(Message<JsonObject> message) {
    message.reply(new Replay.Page(List.of(), 0, 0).toJson());
  }

  /** Applies a proposal read into its record; refuses what arrives as JSON, as the backend does. */
  private void propose(Message<Object> message) {
    if (message.body() instanceof JsonObject) {
      message.fail(FailureCodes.BAD_REQUEST, "malformed proposal");
    } else {
      message.reply(new ProposalReply.Applied(true, new JsonObject().put("guildId", STATE_GUILD)
          .put("moduleId", "welcome").put("enabled", true).put("version", 1)).toJson());
    }
  }

  private void observe(DeliveryContext<Object> delivery) {
    String address = delivery.message().address();
    if (BOT_ADDRESSES.contains(address) || address.equals(Addresses.MODULE_CHANGES) || address.startsWith(ShardAddress.PREFIX)) {
      sent.add(new Sent(address, delivery.message().body()));
    }
    delivery.next();
  }

  /** The first message the gateway put on the bus, sent or still to come, that {@code matches}. */
  Future<Sent> next(Predicate<Sent> matches) {
    return sent.next(matches);
  }

  /** Every message put on the bus before the first that {@code sentinel} matches (which must have come). */
  List<Sent> before(Predicate<Sent> sentinel) {
    List<Sent> earlier = new ArrayList<>();
    for (Sent message : sent.all()) {
      if (sentinel.test(message)) {
        return earlier;
      }
      earlier.add(message);
    }
    throw new AssertionError("the sentinel never came");
  }
}
