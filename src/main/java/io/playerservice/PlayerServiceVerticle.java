package io.playerservice;

import io.playerservice.auth.JwtKeys;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.db.Schema;
import io.playerservice.db.TlsFailures;
import io.playerservice.error.Failures;
import io.playerservice.idempotency.KeyPurge;
import io.playerservice.metrics.IdempotencyMetrics;
import io.playerservice.metrics.Metrics;
import io.playerservice.player.PlayerCount;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service as one deployment: it makes sure the tables exist, purges expired Idempotency-Keys,
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
  private Pool pool;
  private long purgeTimer;

  public PlayerServiceVerticle(ServiceConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    // The deployment's own few connections: schema, the key purge and readiness. The API
    // instances make their own pools, each on its own event loop.
    pool = Database.pool(vertx, config, HOUSEKEEPING_CONNECTIONS, HOUSEKEEPING_CONNECTIONS * 8);
    IdempotencyMetrics idempotencyMetrics = new IdempotencyMetrics(Metrics.registry(vertx));
    // One count for all instances: they share the port, so HTTP_MAX_CONNECTIONS is the deployment's.
    AtomicInteger openConnections = new AtomicInteger();
    // One count for all instances: one COUNT in flight for the whole service.
    PlayerCount counter = new PlayerCount(config.countMaxAgeMs());
    purgeTimer = KeyPurge.start(vertx, pool, config.idempotencyKeyTtl(), idempotencyMetrics);
    return tokenKeys()
        .compose(keys -> ensureTables().compose(v -> vertx.deployVerticle(
            () -> new ApiVerticle(config, pool, idempotencyMetrics, openConnections, keys, counter),
            new DeploymentOptions().setInstances(config.instances()))));
  }

  /** The keys that verify bearer tokens, or null when authentication is off (the default). */
  private Future<JWTAuthOptions> tokenKeys() {
    if (!config.authentication()) {
      return Future.succeededFuture();
    }
    return JwtKeys.load(vertx, config).onSuccess(keys -> LOG.info(
        "bearer-token authentication on: data routes need a JWT verified by {}",
        config.authJwtPublicKey().isEmpty() ? "the JWKS at " + config.authJwksUrl()
            : "the public key in " + config.authJwtPublicKey()));
  }

  /**
   * Creates the tables that are missing. When the database cannot be reached the service starts
   * anyway (not ready, answering 503) and keeps trying in the background; any other failure,
   * such as a certificate that cannot be trusted or a missing privilege, stops the start.
   */
  private Future<Void> ensureTables() {
    return Schema.ensure(pool).recover(failure -> {
      Optional<String> tls = TlsFailures.explain(failure, config);
      if (tls.isPresent()) {
        return Future.failedFuture(new IllegalStateException(tls.get()));
      }
      if (Failures.classify(failure).status() != 503) {
        return Future.failedFuture(failure);
      }
      LOG.warn("the database does not answer ({}); starting anyway and retrying every {} ms",
          failure.getMessage(), SCHEMA_RETRY_MS);
      retryTables();
      return Future.succeededFuture();
    });
  }

  private void retryTables() {
    vertx.setTimer(SCHEMA_RETRY_MS, id -> Schema.ensure(pool)
        .onSuccess(v -> LOG.info("the database answers again; the tables are in place"))
        .onFailure(e -> retryTables()));
  }

  /** Runs after every {@link ApiVerticle} has drained (children stop first). */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(purgeTimer);
    return pool.close();
  }
}
