package io.playerservice;

import io.playerservice.bus.EventBusApi;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.http.HttpApi;
import io.playerservice.metrics.Metrics;
import io.playerservice.metrics.TradeMetrics;
import io.playerservice.player.PlayerRepository;
import io.playerservice.player.PlayerService;
import io.playerservice.trade.TradeService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/**
 * Wiring only: the shared pool, the services, the event-bus consumers and (unless switched off)
 * the HTTP server. HTTP and the event bus call the very same service objects.
 */
public final class PlayerServiceVerticle extends VerticleBase {
  private final ServiceConfig config;
  private Pool pool;

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

    return repository.createTableIfMissing()
        .compose(v -> EventBusApi.register(vertx.eventBus(), config.busPrefix(), players, trades))
        .compose(v -> config.httpEnabled()
            ? vertx.createHttpServer().requestHandler(HttpApi.router(vertx, players, trades, () -> Database.ping(pool)))
                .listen(config.httpPort()).mapEmpty()
            : Future.succeededFuture());
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
