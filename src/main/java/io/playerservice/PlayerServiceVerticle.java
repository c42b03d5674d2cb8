package io.playerservice;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.db.TlsFailures;
import io.playerservice.error.Failures;
import io.playerservice.player.PlayerRepository;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The service as one deployment: it owns the pool, makes sure the table exists, and deploys
 * {@code VERTICLE_INSTANCES} {@link ApiVerticle}s that share the pool and the HTTP port.
 *
 * <p>Vert.x undeploys child verticles before their parent stops, so on shutdown every instance
 * drains its in-flight requests before this one closes the pool. (A pool shared by name between
 * the instances would not do: its network client belongs to whichever instance created it, and
 * closes with that instance, cutting the others' transactions.)
 */
public final class PlayerServiceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PlayerServiceVerticle.class);
  private static final long SCHEMA_RETRY_MS = 2000;
  /** How long in-flight requests may take to finish once a shutdown begins. */
  public static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final ServiceConfig config;
  private Pool pool;

  public PlayerServiceVerticle(ServiceConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config);
    return ensureTable(new PlayerRepository(pool))
        .compose(v -> vertx.deployVerticle(() -> new ApiVerticle(config, pool),
            new DeploymentOptions().setInstances(config.instances())));
  }

  /**
   * Creates the table if it is missing. When the database cannot be reached the service starts
   * anyway (not ready, answering 503) and keeps trying in the background; any other failure,
   * such as a certificate that cannot be trusted or a missing privilege, stops the start.
   */
  private Future<Void> ensureTable(PlayerRepository repository) {
    return repository.createTableIfMissing().recover(failure -> {
      Optional<String> tls = TlsFailures.explain(failure, config);
      if (tls.isPresent()) {
        return Future.failedFuture(new IllegalStateException(tls.get()));
      }
      if (Failures.classify(failure).status() != 503) {
        return Future.failedFuture(failure);
      }
      LOG.warn("the database does not answer ({}); starting anyway and retrying every {} ms",
          failure.getMessage(), SCHEMA_RETRY_MS);
      retryTable(repository);
      return Future.succeededFuture();
    });
  }

  private void retryTable(PlayerRepository repository) {
    vertx.setTimer(SCHEMA_RETRY_MS, id -> repository.createTableIfMissing()
        .onSuccess(v -> LOG.info("the database answers again; the player table is in place"))
        .onFailure(e -> retryTable(repository)));
  }

  /** Runs after every {@link ApiVerticle} has drained (children stop first). */
  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
