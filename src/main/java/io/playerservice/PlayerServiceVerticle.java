package io.playerservice;

import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.auth.BearerTokens;
import io.playerservice.bus.TradeAnnouncements;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.db.Migrations;
import io.playerservice.db.TlsFailures;
import io.playerservice.error.Failures;
import io.playerservice.feed.FeedNode;
import io.playerservice.idempotency.KeyPurge;
import io.playerservice.metrics.IdempotencyMetrics;
import io.playerservice.player.PlayerCount;
import io.playerservice.trade.TradeHistory;
import io.playerservice.trade.TradeRepository;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The service as one deployment: it migrates the schema, purges expired Idempotency-Keys,
 * answers readiness from a small pool of its own, and deploys {@code VERTICLE_INSTANCES}
 * {@link ApiVerticle}s, each with its own pool, that share the HTTP port.
 *
 * <p>Vert.x undeploys child verticles before their parent stops, so on shutdown every instance
 * drains its in-flight requests and closes its pool before this one closes its own.
 */
public final class PlayerServiceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PlayerServiceVerticle.class);
  private static final long SCHEMA_RETRY_MS = 2000;
  /** How long in-flight requests may take to finish once a shutdown begins. */
  public static final long SHUTDOWN_GRACE_SECONDS = 10;

  private static final int HOUSEKEEPING_CONNECTIONS = 2;

  private final ServiceConfig config;
  private final MeterRegistry registry;
  private Pool pool;
  private long purgeTimer;
  private BearerTokens tokens;
  private FeedNode feed;
  private TradeAnnouncements announcements;
  /** Set once the schema is at the newest version (or DB_MIGRATE is off); read by readiness on every loop. */
  private volatile boolean schemaInPlace;

  /**
   * {@code registry} receives the service's meters, and is served at {@code GET /metrics} when it
   * is a PrometheusMeterRegistry.
   */
  public PlayerServiceVerticle(ServiceConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public Future<?> start() {
    // The deployment's own few connections: the start's probe, the key purge, readiness and the live
    // feed's reader (one read at a time). The API instances make their own pools, each on its own event loop.
    pool = Database.pool(vertx, config, HOUSEKEEPING_CONNECTIONS, HOUSEKEEPING_CONNECTIONS * 8);
    IdempotencyMetrics idempotencyMetrics = new IdempotencyMetrics(registry);
    // One count for all instances: they share the port, so HTTP_MAX_CONNECTIONS is the deployment's.
    AtomicInteger openConnections = new AtomicInteger();
    // One count for all instances: one COUNT in flight for the whole service.
    PlayerCount counter = new PlayerCount(config.countMaxAgeMs());
    purgeTimer = KeyPurge.start(vertx, pool, config.idempotencyKeyTtl(), idempotencyMetrics);
    Supplier<Future<?>> readiness = () -> schemaInPlace ? Database.ping(pool)
        : Future.failedFuture("the schema is not migrated yet");
    // One live feed for all instances: one watermark for the node, and one reader of the ledger on
    // the deployment's own connections, so it neither waits for nor takes the trades' places.
    feed = new FeedNode(vertx, config, registry, new TradeHistory(pool, new TradeRepository(pool)));
    return bearerTokens()
        .compose(bearer -> announce().compose(v -> schema()).compose(v -> vertx.deployVerticle(
            () -> new ApiVerticle(config, readiness, registry, idempotencyMetrics, openConnections, bearer, counter,
                feed),
            new DeploymentOptions().setInstances(config.instances()))));
  }

  /** The feed hears the cluster's announcements, and makes its own, before any trade can be stamped. */
  private Future<Void> announce() {
    return TradeAnnouncements.register(vertx, config.busPrefix(), feed).onSuccess(registered -> {
      announcements = registered;
      feed.start(registered);
    }).mapEmpty();
  }

  /** What verifies bearer tokens, shared by the instances, or null when authentication is off (the default). */
  private Future<BearerTokens> bearerTokens() {
    if (!config.authentication()) {
      return Future.succeededFuture();
    }
    return BearerTokens.start(vertx, config).onSuccess(started -> {
      tokens = started;
      LOG.info("bearer-token authentication on: data routes need a JWT verified by {}", started);
    });
  }

  /**
   * Brings the schema to the newest version before any API instance serves. When the database
   * cannot be reached the service starts anyway (not ready, answering 503) and migrates in the
   * background once it answers; a TLS setup no retry will fix, a missing privilege or a failing
   * migration stops the start.
   */
  private Future<Void> schema() {
    return Database.ping(pool).compose(answered -> migrate()).recover(this::startWithoutDatabase);
  }

  private Future<Void> startWithoutDatabase(Throwable failure) {
    if (!outage(failure)) {
      return Future.failedFuture(TlsFailures.explain(failure, config)
          .<Throwable>map(IllegalStateException::new).orElse(failure));
    }
    LOG.warn("the database does not answer ({}); starting anyway and retrying every {} ms",
        failure.getMessage(), SCHEMA_RETRY_MS);
    retrySchema();
    return Future.succeededFuture();
  }

  /** An outage is waited out; a mistake no retry mends (TLS setup, privileges, a migration) is not. */
  private boolean outage(Throwable failure) {
    if (failure instanceof Migrations.MigrationFailed failed) {
      return failed.unreachable();
    }
    return TlsFailures.explain(failure, config).isEmpty() && Failures.classify(failure).status() == 503;
  }

  private void retrySchema() {
    vertx.setTimer(SCHEMA_RETRY_MS, id -> Database.ping(pool).compose(answered -> migrate()).onComplete(done -> {
      if (done.succeeded()) {
        LOG.info("the database answers again; the schema is in place");
      } else if (done.cause() instanceof Migrations.MigrationFailed failed && !failed.unreachable()) {
        // No retry mends a migration: the service stays not ready until it is fixed and restarted.
        LOG.error("the schema migration failed; the service stays not ready: {}", failed.getMessage());
      } else {
        retrySchema();
      }
    }));
  }

  /** The migrations, on a worker thread: Flyway's JDBC blocks. */
  private Future<Void> migrate() {
    if (!config.dbMigrate()) {
      schemaInPlace = true;
      return Future.succeededFuture();
    }
    long began = System.nanoTime();
    return vertx.executeBlocking(() -> Migrations.apply(config), false)
        .onSuccess(result -> {
          LOG.info("{} ({} ms)", Migrations.summary(result, config), (System.nanoTime() - began) / 1_000_000);
          schemaInPlace = true;
        })
        .mapEmpty();
  }

  /** Runs after every {@link ApiVerticle} has drained (children stop first). */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(purgeTimer);
    if (tokens != null) {
      tokens.close();
    }
    feed.stop();
    // The instances have drained, so nothing of this node is in flight: the others need not wait
    // for it. Said once this node no longer hears itself.
    Future<Void> left = announcements == null ? Future.succeededFuture()
        : announcements.close().andThen(closed -> announcements.left(feed.id()));
    return Future.join(left, pool.close());
  }
}
