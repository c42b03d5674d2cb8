package io.playerservice.http;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.player.PlayerRepository;
import io.playerservice.player.PlayerService;
import io.playerservice.trade.TradeService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;

/** Wiring only: the shared pool, the services, the route table and the HTTP server. */
public final class HttpVerticle extends VerticleBase {
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final String JSON = "application/json";
  /** {@code /players/{id}}, except the fixed sub-resources, which then answer 405 for other methods. */
  private static final String PLAYER_BY_ID = "/players/(?<id>(?!count$|bulk$)[^/]+)";

  private final ServiceConfig config;
  private Pool pool;

  public HttpVerticle(ServiceConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config);
    PlayerRepository repository = new PlayerRepository(pool);
    PlayerRoutes players = new PlayerRoutes(new PlayerService(pool, repository));
    TradeRoutes trades = new TradeRoutes(new TradeService(vertx, pool, repository, config.tradeMaxAttempts()));

    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.post("/players/bulk").consumes(JSON).handler(players::createAll);
    router.get("/players/count").handler(players::count);
    router.post("/players").consumes(JSON).handler(players::create);
    router.get("/players").handler(players::list);
    router.routeWithRegex(HttpMethod.GET, PLAYER_BY_ID).handler(players::get);
    router.routeWithRegex(HttpMethod.PUT, PLAYER_BY_ID).consumes(JSON).handler(players::replace);
    router.routeWithRegex(HttpMethod.DELETE, PLAYER_BY_ID).handler(players::delete);
    router.post("/trades").consumes(JSON).handler(trades::execute);

    router.route().failureHandler(Problems::render);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, Problems::render);
    }

    return repository.createTableIfMissing()
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(config.httpPort()));
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
