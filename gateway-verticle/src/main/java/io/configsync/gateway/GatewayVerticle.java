package io.configsync.gateway;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.ShardAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway role: the SockJS event-bus bridge at {@code /eventbus} of the process's HTTP port,
 * for bots that are not cluster members.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final long PRESENCE_HEARTBEAT_MS = 5_000;

  private final GatewayConfig config;
  private final Router router;
  private final HealthChecks health;
  private final MeterRegistry metrics;
  private ShardFanout fanout;
  private long presenceTimer;

  public GatewayVerticle(GatewayConfig config, Router router, HealthChecks health, MeterRegistry metrics) {
    this.config = config;
    this.router = router;
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Codecs.registerAll(vertx.eventBus());
    Counter skipped = Counter.builder("configsync.gateway.skipped")
        .description("Shard messages not written to a bridge socket whose write queue was full").register(metrics);
    fanout = new ShardFanout(vertx, new ShardSockets(skipped::increment));
    BridgeGuard guard = new BridgeGuard(vertx, config, fanout, metrics);
    SockJSBridgeOptions bridge = new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BOT_ACK))
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.REPLAY))
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BOT_PROPOSAL))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(ShardAddress.REGEX))
        .setMaxHandlersPerSocket(config.maxShardsPerSocket())
        .setMaxAddressLength(128)
        .setReplyTimeout(10_000);
    // The XHR transports post frames (xhr_send): SockJS reads them from the body. JSONP and htmlfile
    // are for old browsers only, and serve script: not offered.
    router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(config.maxFrameBytes() + 4096L));
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, new SockJSHandlerOptions()
        .setRegisterWriteHandler(false)
        .addDisabledTransport(Transport.JSON_P.name())
        .addDisabledTransport(Transport.HTML_FILE.name())
        .setHeartbeatInterval(10_000)).socketHandler(bridges(bridge, guard)));
    presenceTimer = vertx.setPeriodic(PRESENCE_HEARTBEAT_MS, id -> guard.reportPresence());
    Gauge.builder("configsync.gateway.bots", guard, BridgeGuard::connectedBots)
        .description("Authenticated bridge sockets").register(metrics);
    health.register("gateway-" + config.gatewayId(), promise -> promise.complete(fanout.completeThrough() >= 0
        ? Status.OK(new JsonObject().put("revision", fanout.completeThrough()))
        : Status.KO(new JsonObject().put("reason", "waiting for the backend's head revision"))));
    if (config.credentials().isEmpty()) {
      LOG.warn("No bot tokens (CONFIGSYNC_BOT_TOKENS): every bridge bot will be refused");
    } else if (!config.credentials().unboundBots().isEmpty()) {
      LOG.warn("The tokens of bridge bot(s) {} are not bound to shards: each may claim any shards. Bind them in"
          + " CONFIGSYNC_BOT_TOKENS as botId:token:0,1/4", config.credentials().unboundBots());
    }
    return fanout.start(config.progressInterval().toMillis())
        .onSuccess(v -> LOG.info("Gateway {} serves the bridge at /eventbus for {} known bot(s)", config.gatewayId(),
            config.credentials().size()));
  }

  /**
   * The bridge itself, fed sockets whose frames the guard sees first (FrameCheckingSocket): its
   * public API offers no hook for the frames it refuses as invalid JSON. One bridge per event loop:
   * it keeps its sockets in plain maps, and the HTTP server may take connections on several loops.
   */
  private Handler<SockJSSocket> bridges(SockJSBridgeOptions options, BridgeGuard guard) {
    Map<Context, EventBusBridgeImpl> byEventLoop = new ConcurrentHashMap<>();
    return socket -> byEventLoop.computeIfAbsent(ShardSockets.currentEventLoop(vertx),
            loop -> new EventBusBridgeImpl(vertx, null, options, guard::handle))
        .handle(new FrameCheckingSocket(socket, guard::admitFrame, guard::transportFailed));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(presenceTimer);
    health.unregister("gateway-" + config.gatewayId());
    return fanout.stop();
  }
}
