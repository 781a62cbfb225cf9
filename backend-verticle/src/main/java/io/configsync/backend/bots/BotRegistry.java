package io.configsync.backend.bots;

import io.configsync.backend.db.SqlQueries;
import io.configsync.codecs.AckRecorded;
import io.configsync.codecs.Addresses;
import io.configsync.codecs.ApplyStatus;
import io.configsync.codecs.BotAck;
import io.configsync.codecs.BotPresence;
import io.configsync.codecs.BusBodies;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.LogThrottle;
import io.configsync.codecs.ShardSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what bots report: their acks ({@link Addresses#BOT_ACK}: how far they applied, and whether
 * their modules could act) and their presence ({@link Addresses#BOT_PRESENCE}, from gateways), in
 * the database, so that {@code /api/bots} and the apply status survive restarts.
 */
public final class BotRegistry extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BotRegistry.class);

  /** A bot not heard from for this long is shown as disconnected. */
  public static final Duration CONNECTED_WITHIN = Duration.ofSeconds(15);

  /** One known bot, as {@code /api/bots} lists it. */
  public record KnownBot(String botId, String shards, String gateway, boolean connected, long appliedRevision,
                         String firstSeen, String lastSeen) {
    public JsonObject toJson(long head) {
      return new JsonObject().put("botId", botId).put("shards", shards).put("gateway", gateway)
          .put("connected", connected).put("appliedRevision", appliedRevision)
          .put("lag", Math.max(0, head - appliedRevision)).put("firstSeen", firstSeen).put("lastSeen", lastSeen);
    }
  }

  /** What one bot reported for one (guild, module). */
  public record BotApplyStatus(String botId, long version, boolean ok, String error, String updatedAt,
                               ShardSpec shards, boolean connected) {}

  /**
   * How long a bot that is not seen any more stays known, and how often that is checked.
   *
   * @param forgetAfter a bot not seen (no ack, no presence) for this long leaves {@code /api/bots},
   *     the apply status and the metrics
   */
  public record Settings(Duration forgetAfter, Duration checkInterval) {
    public static final Settings DEFAULT = new Settings(Duration.ofDays(7), Duration.ofMinutes(10));

    public Settings {
      if (forgetAfter.compareTo(CONNECTED_WITHIN) <= 0) {
        throw new IllegalArgumentException("bots must be kept longer than " + CONNECTED_WITHIN.toSeconds()
            + " s, got " + forgetAfter);
      }
      if (checkInterval.toMillis() < 1) {
        throw new IllegalArgumentException("the bot prune interval must be positive");
      }
    }
  }

  private static final long METRICS_REFRESH_MS = 5_000;

  private final Pool pool;
  private final Settings settings;
  private long pruneTimer;
  private final MultiGauge appliedRevisions;
  private final MultiGauge lags;
  private final MultiGauge connected;
  private final Counter refusedAcks;
  private final Counter droppedStatuses;
  private final LogThrottle refusalLines = LogThrottle.everyTenSeconds();
  private final LogThrottle failingStatusLines = LogThrottle.everyTenSeconds();
  private MessageConsumer<Object> acks;
  private MessageConsumer<Object> presence;
  private long metricsTimer;

  public BotRegistry(Pool pool, MeterRegistry metrics, Settings settings) {
    this.pool = pool;
    this.settings = settings;
    this.appliedRevisions = MultiGauge.builder("configsync.bots.applied.revision")
        .description("Revision up to which each known bot has applied everything (from its acks)").register(metrics);
    this.lags = MultiGauge.builder("configsync.bots.lag")
        .description("Revisions each known bot is behind the head").register(metrics);
    this.connected = MultiGauge.builder("configsync.bots.connected")
        .description("1 if the bot was heard from within " + CONNECTED_WITHIN.toSeconds() + " s").register(metrics);
    this.refusedAcks = Counter.builder("configsync.bots.acks.refused")
        .description("Acks not recorded: malformed, or a revision above the head").register(metrics);
    this.droppedStatuses = Counter.builder("configsync.bots.acks.statuses.dropped")
        .description("Apply statuses dropped from acks: of guilds outside the sender's shards").register(metrics);
  }

  @Override
  public Future<?> start() {
    acks = vertx.eventBus().consumer(Addresses.BOT_ACK, message ->
        read(message.body(), BotAck.class, BotAck::fromJson, "ack", refusedAcks::increment).ifPresent(this::recordAck));
    presence = vertx.eventBus().consumer(Addresses.BOT_PRESENCE, message ->
        read(message.body(), BotPresence.class, BotPresence::fromJson, "presence report", () -> { })
            .ifPresent(this::recordPresence));
    metricsTimer = vertx.setPeriodic(METRICS_REFRESH_MS, id -> refreshMetrics());
    pruneTimer = vertx.setPeriodic(0, settings.checkInterval().toMillis(), id -> prune());
    return Future.join(acks.completion(), presence.completion());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(metricsTimer);
    vertx.cancelTimer(pruneTimer);
    return Future.succeededFuture();
  }

  /** Per-bot gauges from the database, so that every backend exports the same figures. */
  private void refreshMetrics() {
    pool.preparedQuery(SqlQueries.SELECT_HEAD_REVISION).execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(head -> knownBots(pool).map(bots -> {
          appliedRevisions.register(bots.stream().map(bot -> MultiGauge.Row.of(
              Tags.of("bot", bot.botId()), bot.appliedRevision())).toList(), true);
          lags.register(bots.stream().map(bot -> MultiGauge.Row.of(
              Tags.of("bot", bot.botId()), Math.max(0, head - bot.appliedRevision()))).toList(), true);
          connected.register(bots.stream().map(bot -> MultiGauge.Row.of(
              Tags.of("bot", bot.botId()), bot.connected() ? 1 : 0)).toList(), true);
          return null;
        }))
        .onFailure(e -> LOG.debug("Could not refresh the bot metrics: {}", e.toString()));
  }

  /** Every backend may prune: the statement is idempotent. The gauges follow at once. */
  private void prune() {
    pool.preparedQuery(SqlQueries.PRUNE_BOTS).execute(Tuple.of((double) settings.forgetAfter().toSeconds()))
        .onSuccess(rows -> {
          if (rows.size() > 0) {
            LOG.info("Forgot {} bot(s) not seen for {}: {}", rows.size(), settings.forgetAfter(),
                StreamSupport.stream(rows.spliterator(), false).map(row -> row.getString("bot_id")).toList());
            refreshMetrics();
          }
        })
        .onFailure(e -> LOG.debug("Could not prune the bots: {}", e.toString()));
  }

  /** Forgets one bot now ({@code DELETE /api/bots/{botId}}); false if it was not known. */
  public static Future<Boolean> forget(Pool pool, String botId) {
    return pool.preparedQuery(SqlQueries.DELETE_BOT).execute(Tuple.of(botId)).map(rows -> rows.size() > 0);
  }

  /** The message's record; empty, with a line now and then, if it is malformed. */
  private <T> Optional<T> read(Object body, Class<T> type, Function<JsonObject, T> fromJson, String what,
                               Runnable countRefusal) {
    try {
      return Optional.of(BusBodies.as(body, type, fromJson));
    } catch (IllegalArgumentException e) {
      countRefusal.run();
      ignore("a malformed " + what, e.getMessage());
      return Optional.empty();
    }
  }

  private void recordAck(BotAck ack) {
    pool.preparedQuery(SqlQueries.SELECT_HEAD_REVISION).execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(head -> {
          if (ack.revision() > head) {
            refuseAck("the ack of bot " + ack.botId(), "revision " + ack.revision() + " is above the head " + head);
            return Future.succeededFuture();
          }
          return record(ack, statusesInShards(ack));
        })
        .onFailure(e -> LOG.warn("Could not record the ack of bot {} at revision {}: {}", ack.botId(), ack.revision(),
            e.toString()));
  }

  /**
   * A bot reports only for guilds of its shards (a bridge bot's as its gateway stamped them):
   * anything else would let it forge another bot's apply status.
   */
  private List<ApplyStatus> statusesInShards(BotAck ack) {
    ShardSpec shards = ShardSpec.parse(ack.shards());
    List<ApplyStatus> inShards = ack.statuses().stream()
        .filter(status -> GuildIds.isValid(status.guildId()) && shards.containsGuild(status.guildId()))
        .toList();
    int dropped = ack.statuses().size() - inShards.size();
    if (dropped > 0) {
      droppedStatuses.increment(dropped);
      LogThrottle.Decision line = refusalLines.next();
      if (line.log()) {
        LOG.info("Dropped {} apply status(es) from the ack of bot {}: guilds outside its shards {}{}", dropped,
            ack.botId(), shards, line.suffix());
      }
    }
    return inShards;
  }

  private Future<Void> record(BotAck ack, List<ApplyStatus> statuses) {
    List<Tuple> rows = statuses.stream()
        .map(status -> Tuple.of(Long.parseLong(status.guildId()), status.moduleId(), ack.botId(), status.version(),
            status.ok(), status.error()))
        .toList();
    // Bots report these; a line for each would let one bot flood the log.
    statuses.stream().filter(status -> !status.ok()).forEach(status -> {
      LogThrottle.Decision line = failingStatusLines.next();
      if (line.log()) {
        LOG.warn("Bot {} applied guild {} module {} v{} but its module cannot act: {}{}", ack.botId(),
            status.guildId(), status.moduleId(), status.version(), status.error(), line.suffix());
      }
    });
    // Statuses first: once the revision is recorded, the status route takes the bot to hold the
    // current version, and would call a config live before the bot's error for it is recorded.
    return (rows.isEmpty() ? Future.<Void>succeededFuture()
        : pool.preparedQuery(SqlQueries.RECORD_APPLY_STATUS).executeBatch(rows).<Void>mapEmpty())
        .compose(v -> pool.preparedQuery(SqlQueries.RECORD_ACK)
            .execute(Tuple.of(ack.botId(), ack.revision(), ack.shards(), ack.gateway())).<Void>mapEmpty())
        .onSuccess(v -> vertx.eventBus().publish(Addresses.ACK_RECORDED, new AckRecorded(
            new BotAck(ack.botId(), ack.revision(), ack.shards(), ack.gateway(), statuses))));
  }

  private void refuseAck(String what, String why) {
    refusedAcks.increment();
    ignore(what, why);
  }

  private void ignore(String what, String why) {
    LogThrottle.Decision line = refusalLines.next();
    if (line.log()) {
      LOG.info("Ignoring {}: {}{}", what, why, line.suffix());
    }
  }

  private void recordPresence(BotPresence presence) {
    pool.preparedQuery(SqlQueries.RECORD_PRESENCE)
        .execute(Tuple.of(presence.botId(), presence.shards().toString(), presence.gateway(), presence.connected()))
        .onFailure(e -> LOG.warn("Could not record the presence of bot {}: {}", presence.botId(), e.toString()));
  }

  /** Every bot ever seen. */
  public static Future<List<KnownBot>> knownBots(Pool pool) {
    return pool.preparedQuery(SqlQueries.SELECT_BOTS).execute(Tuple.of((double) CONNECTED_WITHIN.toSeconds()))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(BotRegistry::knownBot).toList());
  }

  /** What every bot reported for one (guild, module). */
  public static Future<List<BotApplyStatus>> applyStatus(Pool pool, long guildId, String moduleId) {
    return pool.preparedQuery(SqlQueries.SELECT_APPLY_STATUS)
        .execute(Tuple.of(guildId, moduleId, (double) CONNECTED_WITHIN.toSeconds()))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> new BotApplyStatus(
            row.getString("bot_id"), row.getLong("version"), row.getBoolean("ok"), row.getString("error"),
            row.getOffsetDateTime("updated_at").toInstant().toString(),
            row.getString("shards") == null ? ShardSpec.ALL : ShardSpec.parse(row.getString("shards")),
            row.getBoolean("connected"))).toList());
  }

  private static KnownBot knownBot(Row row) {
    return new KnownBot(row.getString("bot_id"), row.getString("shards"), row.getString("gateway"),
        row.getBoolean("connected"), row.getLong("applied_revision"),
        row.getOffsetDateTime("first_seen").toInstant().toString(),
        row.getOffsetDateTime("last_seen").toInstant().toString());
  }
}
