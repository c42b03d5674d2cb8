package io.playerservice;

import io.playerservice.bus.EventBusApi;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.db.TlsFailures;
import io.playerservice.error.Failures;
import io.playerservice.http.HttpApi;
import io.playerservice.metrics.Metrics;
import io.playerservice.metrics.TradeMetrics;
import io.playerservice.player.PlayerRepository;
import io.playerservice.player.PlayerService;
import io.playerservice.trade.TradeService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Wiring only: the shared pool, the services, the event-bus consumers and (unless switched off)
 * the HTTP server. HTTP and the event bus call the very same service objects.
 */
public final class PlayerServiceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PlayerServiceVerticle.class);
  private static final long SCHEMA_RETRY_MS = 2000;
  /** How long in-flight requests may take to finish once a shutdown begins. */
  public static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final ServiceConfig config;
  private Pool pool;
  private HttpServer server;

  public PlayerServiceVerticle(ServiceConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config);
    PlayerRepository repository = new PlayerRepository(pool);
    PlayerService players = new PlayerService(pool, repository);
    TradeService trades = new TradeService(vertx, pool, repository, config.tradeMaxAttempts(),
        new TradeMetrics(Metrics.registry(vertx)));

    return ensureTable(repository)
        .compose(v -> EventBusApi.register(vertx.eventBus(), config.busPrefix(), players, trades))
        .compose(v -> config.httpEnabled() ? listen(players, trades) : Future.succeededFuture());
  }

  private Future<Void> listen(PlayerService players, TradeService trades) {
    return vertx.createHttpServer()
        .requestHandler(HttpApi.router(vertx, players, trades, () -> Database.ping(pool)))
        .listen(config.httpPort())
        .onSuccess(listening -> server = listening)
        .mapEmpty();
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

  /**
   * Graceful: the server stops accepting, in-flight requests get up to
   * {@link #SHUTDOWN_GRACE_SECONDS} to finish (their transactions still need the pool), then
   * the pool closes.
   */
  @Override
  public Future<?> stop() {
    Future<Void> drained = server == null
        ? Future.succeededFuture()
        : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    return drained.eventually(pool::close);
  }
}
