package io.configsync.backend;

import io.configsync.backend.api.BackendApi;
import io.configsync.backend.bots.BotRegistry;
import io.configsync.backend.bus.ProposalHandler;
import io.configsync.backend.bus.ReplayResponder;
import io.configsync.backend.db.Migrations;
import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.SchemaCheckCompilation;
import io.configsync.backend.publish.OutboxPublisher;
import io.configsync.backend.store.GroupCommitWriter;
import io.configsync.backend.store.LogRetention;
import io.configsync.backend.store.ModuleStateReader;
import io.configsync.codecs.Codecs;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend role: migrates the schema, then serves the HTTP API under {@code /api} of the
 * process's router, runs the outbox publisher and answers replays and bot proposals on the bus.
 */
public final class BackendVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BackendVerticle.class);

  private final BackendConfig config;
  private final Router router;
  private final HealthChecks health;
  private final MeterRegistry metrics;
  private Pool pool;
  private OutboxPublisher publisher;

  public BackendVerticle(BackendConfig config, Router router, HealthChecks health, MeterRegistry metrics) {
    this.config = config;
    this.router = router;
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Codecs.registerAll(vertx.eventBus());
    return vertx.executeBlocking(() -> {
          Migrations.migrate(config.database());
          return ModuleCatalog.bundled();
        })
        .compose(catalog -> {
          pool = PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(config.poolSize()).setName("configsync-backend"))
              .connectingTo(config.database().connectOptions())
              .using(vertx)
              .build();
          ModuleStateReader reader = new ModuleStateReader(pool);
          GroupCommitWriter writer = new GroupCommitWriter(context, pool, config.maxBatchSize(),
              config.maxQueuedWrites(), metrics);
          // On the writer's context, as the pool: a commit reaches the bus without a hand-off.
          publisher = new OutboxPublisher(vertx, config.database(), pool, config.publisher(), metrics);
          writer.onCommitted(publisher::committed, publisher::leading);
          return Future.join(
                  publisher.start(),
                  vertx.deployVerticle(new ReplayResponder(reader)),
                  vertx.deployVerticle(new ProposalHandler(catalog, writer)),
                  vertx.deployVerticle(new BotRegistry(pool, metrics, config.bots())),
                  vertx.deployVerticle(new LogRetention(pool, config.retention())))
              .map(deployed -> {
                router.route("/api/*").subRouter(
                    BackendApi.create(vertx, catalog, reader, writer, pool, config.tokens()));
                health.register("database", 2_000, promise -> reader.ping()
                    .onSuccess(v -> promise.complete(Status.OK()))
                    .onFailure(e -> promise.complete(Status.KO(new io.vertx.core.json.JsonObject()
                        .put("error", "database unreachable: " + e.getMessage())))));
                LOG.info("Backend ready on {} with modules {}", config.database(),
                    catalog.all().stream().map(ModuleCatalog.ModuleDefinition::id).toList());
                if (!SchemaCheckCompilation.compiled()) {
                  LOG.info("Config schema checks run interpreted in this JVM, about 30 µs per write instead of"
                      + " 5; start java with {} to have them compiled (README, Performance)",
                      SchemaCheckCompilation.JVM_OPTION);
                }
                return deployed;
              });
        });
  }

  @Override
  public Future<?> stop() {
    health.unregister("database");
    Future<Void> published = publisher == null ? Future.succeededFuture() : publisher.stop();
    return published.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
