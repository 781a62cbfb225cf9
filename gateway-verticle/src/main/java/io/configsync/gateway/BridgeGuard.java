package io.configsync.gateway;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.BotAck;
import io.configsync.codecs.BotPresence;
import io.configsync.codecs.BotProposal;
import io.configsync.codecs.LogThrottle;
import io.configsync.codecs.Replay;
import io.configsync.codecs.ShardAddress;
import io.configsync.codecs.ShardSpec;
import io.configsync.codecs.StrictJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every frame a bridge socket sends. A socket must first authenticate, with
 * {@code {"botId","token","shards"}} in the headers of its first {@code register}; after that it may
 * only register on the change addresses of its own shards, send acks (stamped with its own id),
 * request replays (limited to its own shards) and send proposals (stamped with its own id and shards,
 * which the backend checks the guild against). Everything else is refused, as are frames over the
 * size limit and frames beyond the socket's rate; a socket that keeps failing is closed.
 */
final class BridgeGuard {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final ShardFanout fanout;
  /**
   * Changed on the HTTP server's event loop (bridge events), iterated on the gateway verticle's
   * (presence heartbeat) and by metrics scrapes. SockJS sockets have identity equality.
   */
  private final Map<SockJSSocket, BotSession> sessions = new ConcurrentHashMap<>();
  private final Counter refused;
  private final Counter authFailures;
  /** Refused frames are a client's mistake: counted in metrics, and a line now and then. */
  private final LogThrottle refusalLines = LogThrottle.everyTenSeconds();
  private final LogThrottle transportLines = LogThrottle.everyTenSeconds();

  BridgeGuard(Vertx vertx, GatewayConfig config, ShardFanout fanout, MeterRegistry metrics) {
    this.vertx = vertx;
    this.config = config;
    this.fanout = fanout;
    this.refused = Counter.builder("configsync.gateway.refused").description("Bridge frames refused").register(metrics);
    this.authFailures = Counter.builder("configsync.gateway.auth.failures")
        .description("Failed bridge authentications").register(metrics);
  }

  void handle(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    BridgeEventType type = event.type();
    switch (type) {
      case SOCKET_CREATED -> {
        SocketListener listener = new SocketListener(socket, ShardSockets.currentEventLoop(vertx));
        BotSession session = new BotSession(config, listener);
        sessions.put(socket, session);
        vertx.setTimer(config.authenticationDeadline().toMillis(), id -> closeIfAnonymous(socket, session));
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        closed(sessions.remove(socket));
        event.complete(true);
      }
      case REGISTER, UNREGISTER, SEND, PUBLISH -> decide(event, sessions.get(socket));
      case SOCKET_PING -> ping(event, sessions.get(socket));
      default -> event.complete(true);
    }
  }

  /**
   * Whether the bridge may read {@code data}. The bridge answers a frame that is not a JSON object,
   * has no type or address, or a type it does not know, by itself, without a bridge event (and logs
   * an unknown type as an ERROR): such frames are refused here instead, like any refused frame (rate
   * limit, refusal or authentication-failure count, close), with the bridge's own error body.
   */
  boolean admitFrame(SockJSSocket socket, Buffer data) {
    String problem = frameProblem(data);
    if (problem == null) {
      return true;
    }
    BotSession session = sessions.get(socket);
    if (session == null || session.isClosing()) {
      return false;
    }
    socket.write(new JsonObject().put("type", "err").put("body", problem).toBuffer());
    if (!session.authenticated()) {
      countAuthFailure(socket, session, "a malformed frame (" + problem + ") before authenticating");
    } else if (!session.allowFrame()) {
      countRefusal(socket, session, "rate limit exceeded (a malformed frame: " + problem + ")");
    } else {
      countRefusal(socket, session, "a malformed frame (" + problem + ")");
    }
    return false;
  }

  private static final Set<String> FRAME_TYPES = Set.of("send", "publish", "register", "unregister", "ping");

  /** The bridge's error for a frame it cannot read, or null if it can. */
  private static String frameProblem(Buffer data) {
    JsonObject frame;
    try {
      frame = StrictJson.parseObject(data.toString());
    } catch (DecodeException | ClassCastException e) {
      return "invalid_json";
    }
    if (frame.getValue("type") == null) {
      return "missing_type";
    }
    if (!(frame.getValue("type") instanceof String type) || !FRAME_TYPES.contains(type)) {
      return "invalid_type";
    }
    if (!"ping".equals(type) && !(frame.getValue("address") instanceof String)) {
      return "missing_address";
    }
    Object replyAddress = frame.getValue("replyAddress");
    return replyAddress == null || replyAddress instanceof String ? null : "invalid_json";
  }

  /** A socket's connection failed (reset, oversized frame): the client's doing, a throttled DEBUG line. */
  void transportFailed(SockJSSocket socket, Throwable failure) {
    BotSession session = sessions.get(socket);
    if (session != null) {
      session.closing();
    }
    LogThrottle.Decision line = transportLines.next();
    if (line.log() && LOG.isDebugEnabled()) {
      LOG.debug("Bridge socket {} ({}) failed, closing it: {}{}", socket.remoteAddress(),
          session == null || !session.authenticated() ? "not authenticated" : "bot " + session.botId(),
          failure.toString(), line.suffix());
    }
  }

  /** A socket that does not authenticate in time holds resources for nothing. */
  private void closeIfAnonymous(SockJSSocket socket, BotSession session) {
    if (sessions.get(socket) == session && !session.authenticated() && !session.isClosing()) {
      LogThrottle.Decision line = refusalLines.next();
      if (line.log()) {
        LOG.info("Closing bridge socket {}: no authentication within {} s{}", socket.remoteAddress(),
            config.authenticationDeadline().toSeconds(), line.suffix());
      }
      session.closing();
      socket.close();
    }
  }

  /** Presence of every authenticated socket, sent as a heartbeat. */
  void reportPresence() {
    sessions.values().stream().filter(BotSession::authenticated).forEach(session -> presence(session, true));
  }

  int connectedBots() {
    return (int) sessions.values().stream().filter(BotSession::authenticated).count();
  }

  /** Pings are frames too: a socket that floods them is refused and closed like any other. */
  private void ping(BridgeEvent event, BotSession session) {
    if (session == null || session.isClosing()) {
      event.complete(false);
    } else if (!session.allowFrame()) {
      refuse(event, session, "rate limit exceeded (ping)");
    } else {
      event.complete(true);
    }
  }

  private void decide(BridgeEvent event, BotSession session) {
    // Closing only sends a close frame; frames the client already sent keep arriving until the
    // connection is gone, and must not be acted on (nor authenticate after the last failure).
    if (session == null || session.isClosing()) {
      event.complete(false);
      return;
    }
    JsonObject frame = event.getRawMessage();
    if (!session.allowFrame()) {
      refuse(event, session, "rate limit exceeded");
      return;
    }
    if (frame.toBuffer().length() > config.maxFrameBytes()) {
      refuse(event, session, "frame over " + config.maxFrameBytes() + " bytes");
      return;
    }
    if (!session.authenticated() && !authenticate(event, session, frame)) {
      return;
    }
    String address = frame.getString("address", "");
    switch (event.type()) {
      case REGISTER -> register(event, session, address);
      case UNREGISTER -> unregister(event, session, address);
      case SEND -> send(event, session, address, frame);
      default -> refuse(event, session, "publishing is not allowed on the bridge (" + address + ")");
    }
  }

  private boolean authenticate(BridgeEvent event, BotSession session, JsonObject frame) {
    // Not getJsonObject: headers that are not an object would throw out of the bridge, unanswered and uncounted.
    JsonObject headers = frame.getValue("headers") instanceof JsonObject json ? json : new JsonObject();
    String botId = headers.getString("botId");
    if (event.type() != BridgeEventType.REGISTER || botId == null) {
      refuseUnauthenticated(event, session, "authenticate first: botId, token and shards in the headers of the first register");
      return false;
    }
    if (!config.credentials().matches(botId, headers.getString("token"))) {
      refuseUnauthenticated(event, session, "bad token for bot '" + botId + "'");
      return false;
    }
    ShardSpec shards;
    try {
      shards = ShardSpec.parse(headers.getString("shards", ShardSpec.ALL.toString()));
    } catch (IllegalArgumentException e) {
      refuseUnauthenticated(event, session, e.getMessage());
      return false;
    }
    if (shards.shards().length > config.maxShardsPerSocket()) {
      refuseUnauthenticated(event, session, "a socket may claim at most " + config.maxShardsPerSocket()
          + " shards; got " + shards.shards().length + " (" + shards + "): open one socket per group of shards");
      return false;
    }
    long open = sessions.values().stream()
        .filter(other -> botId.equals(other.botId()) && !other.isClosing()).count();
    if (open >= config.maxSocketsPerBot()) {
      refuseUnauthenticated(event, session, "bot '" + botId + "' has " + open + " sockets open on this gateway,"
          + " the most allowed");
      return false;
    }
    if (!config.credentials().mayClaim(botId, shards)) {
      refuseUnauthenticated(event, session, "the token of bot '" + botId + "' may claim shards within "
          + config.credentials().boundShards(botId) + " only, not " + shards);
      return false;
    }
    session.authenticate(botId, shards);
    frame.remove("headers");
    event.setRawMessage(frame);
    LOG.info("Bridge bot {} authenticated for shards {} from {}", botId, shards, event.socket().remoteAddress());
    presence(session, true);
    return true;
  }

  private void register(BridgeEvent event, BotSession session, String address) {
    ShardAddress shard = ownShard(session, address);
    if (shard == null) {
      refuse(event, session, "bot " + session.botId() + " (shards " + session.shards() + ") may not listen to " + address);
      return;
    }
    if (session.isRegistered(shard)) {
      // the bridge would refuse it too, with a WARN line of its own
      refuse(event, session, "already listening to " + address);
      return;
    }
    session.registered(shard);
    fanout.subscribe(shard, session.listener());
    // The bridge registers its own consumer too (its handler count, its clean-up on close), on
    // which nothing arrives: the fan-out writes the shard's messages to the socket itself.
    event.complete(true);
  }

  private void unregister(BridgeEvent event, BotSession session, String address) {
    ShardAddress shard = ownShard(session, address);
    if (shard != null && session.unregistered(shard)) {
      fanout.unsubscribe(shard, session.listener());
    }
    event.complete(true);
  }

  private void send(BridgeEvent event, BotSession session, String address, JsonObject frame) {
    JsonObject body = frame.getValue("body") instanceof JsonObject json ? json : null;
    if (body == null) {
      refuse(event, session, "a message to " + address + " needs a JSON object body");
    } else if (Addresses.BOT_ACK.equals(address)) {
      JsonObject stamped = BotAck.stamped(body, session.botId(), session.shards(), config.gatewayId());
      forward(event, frame.put("body", typedOrAsIs(stamped, BotAck::fromJson)));
    } else if (Addresses.BOT_PROPOSAL.equals(address)) {
      JsonObject stamped = BotProposal.stamped(body, session.botId(), session.shards());
      forward(event, frame.put("body", typedOrAsIs(stamped, BotProposal::fromJson)));
    } else if (Addresses.REPLAY.equals(address)) {
      forward(event, frame.put("body", Replay.Request.stamped(body, session.shards())));
    } else {
      refuse(event, session, "bot " + session.botId() + " may not send to " + address);
    }
  }

  /**
   * The bot's message as its record, which the bridge sends on with the record's codec; a malformed
   * one goes on as JSON, for the backend to refuse as it always has (a proposal with a 400 naming the
   * problem, the answer the bot waits for; an ack in the refused-acks count).
   */
  private static Object typedOrAsIs(JsonObject stamped, Function<JsonObject, ?> fromJson) {
    try {
      return fromJson.apply(stamped);
    } catch (IllegalArgumentException malformed) {
      return stamped;
    }
  }

  private void forward(BridgeEvent event, JsonObject frame) {
    frame.remove("headers");
    event.setRawMessage(frame);
    event.complete(true);
  }

  /**
   * The shard stream at {@code address} if it is one of the session's shards, else null. Written as
   * the fan-out writes it (no leading zeros): the socket gets its frames under that address.
   */
  private static ShardAddress ownShard(BotSession session, String address) {
    return ShardAddress.parse(address)
        .filter(shard -> shard.belongsTo(session.shards()) && shard.address().equals(address)).orElse(null);
  }

  private void refuseUnauthenticated(BridgeEvent event, BotSession session, String why) {
    event.complete(false);
    countAuthFailure(event.socket(), session, why);
  }

  private void countAuthFailure(SockJSSocket socket, BotSession session, String why) {
    authFailures.increment();
    int failures = session.recordAuthFailure();
    boolean closing = failures >= config.maxAuthFailures();
    reportRefusal(socket, session, closing, suffix -> LOG.info("Bridge socket {} refused: {}{}{}",
        socket.remoteAddress(), why, closing ? "; closing it after " + failures + " failed authentications" : "",
        suffix));
  }

  private void refuse(BridgeEvent event, BotSession session, String why) {
    event.complete(false);
    countRefusal(event.socket(), session, why);
  }

  private void countRefusal(SockJSSocket socket, BotSession session, String why) {
    refused.increment();
    int refusals = session.recordRefusal();
    boolean closing = refusals >= config.maxRefusals();
    reportRefusal(socket, session, closing, suffix -> LOG.info(
        "Bridge bot {}: refused {} frame(s) on this socket; latest: {}{}{}", session.botId(), refusals, why,
        closing ? "; closing the socket" : "", suffix));
  }

  /** Logs the refusal unless the throttle holds it back, and closes the socket once it has had too many. */
  private void reportRefusal(SockJSSocket socket, BotSession session, boolean closing, Consumer<String> logLine) {
    LogThrottle.Decision line = refusalLines.next();
    if (line.log()) {
      logLine.accept(line.suffix());
    }
    if (closing) {
      session.closing();
      socket.close();
    }
  }

  private void closed(BotSession session) {
    if (session != null) {
      session.registrations().forEach(shard -> fanout.unsubscribe(shard, session.listener()));
    }
    if (session != null && session.authenticated()) {
      LOG.info("Bridge bot {} disconnected", session.botId());
      presence(session, false);
    }
  }

  private void presence(BotSession session, boolean connected) {
    vertx.eventBus().send(Addresses.BOT_PRESENCE,
        new BotPresence(session.botId(), session.shards(), config.gatewayId(), connected));
  }
}
