package io.playerservice.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.playerservice.admission.Bulkhead;
import io.playerservice.feed.FeedHub;
import io.playerservice.idempotency.IdempotentWrites;
import io.playerservice.player.PlayerRequests;
import io.playerservice.player.PlayerService;
import io.playerservice.trade.TradeHistory;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** The HTTP API's route table: every route, its handler, and the one failure renderer. */
public final class HttpApi {
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final String JSON = "application/json";
  /**
   * {@code /players/{id}}, except the fixed sub-resources, which then answer 405 for other
   * methods. No player can have their names: {@link PlayerRequests#ROUTE_NAMES} refuses them.
   */
  private static final String PLAYER_BY_ID =
      "/players/(?<id>(?!(?:" + String.join("|", PlayerRequests.ROUTE_NAMES) + ")$)[^/]+)";
  /** Every route that needs the database, which admission control stands in front of. */
  private static final String DATA_ROUTES = "/(players|trades)(/.*)?";
  /** The regex routes are named by their path in the contract, which a test compares with it. */
  static final String PLAYER_BY_ID_TEMPLATE = "/players/{id}";
  static final String TRADE_BY_ID_TEMPLATE = "/trades/{id}";
  /** The OpenAPI 3.1 contract, served as it is in the jar. */
  private static final Buffer CONTRACT = readContract();

  private HttpApi() {
  }

  /**
   * What stands in front of the routes.
   *
   * @param arrival {@link ConnectionGuard}: first to see every request head
   * @param authentication {@link BearerAuth} in front of the data routes, before their bodies are
   *     read, or {@code RoutingContext::next} when authentication is off
   * @param admission the instance's bulkhead, which {@link AdmissionGate} puts in front of the data routes
   */
  public record Gates(Handler<RoutingContext> arrival, Handler<RoutingContext> authentication, Bulkhead admission) {
  }

  /**
   * The routes behind {@code gates}. {@code databasePing} answers whether the database is
   * reachable, for readiness; a data request not answered within {@code timeoutMs} gets a 504;
   * {@code feed} serves the instance's live-feed streams. The
   * HTTP meters go to {@code metrics}, which {@code GET /metrics} serves when it is a Prometheus
   * registry.
   */
  public static Router router(Vertx vertx, MeterRegistry metrics, PlayerService playerService, IdempotentWrites writes,
      TradeHistory history, FeedHub feed, Supplier<Future<?>> databasePing, long timeoutMs, Gates gates) {
    PlayerRoutes players = new PlayerRoutes(playerService, writes);
    TradeRoutes trades = new TradeRoutes(writes, history);
    FeedRoutes stream = new FeedRoutes(feed);
    AdmissionGate admission = new AdmissionGate(gates.admission());

    Router router = Router.router(vertx);
    router.route().handler(gates.arrival());
    // A shed costs no request id, no body and no log line: this comes first.
    router.routeWithRegex(DATA_ROUTES).handler(admission::onHead);
    router.route().handler(new RequestLog(metrics));

    // Operations first: they read no body and answer within their own bounds (readiness has
    // its own 2 s), so the data routes' deadline below does not apply to them.
    router.get("/health/live").handler(Health.live(vertx));
    router.get("/health/ready").handler(Health.ready(vertx, databasePing));
    router.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml")
        .end(CONTRACT.copy()));
    ApiDocs.mount(router); // static, so before the data routes' gates: no token, no admission place
    if (metrics instanceof PrometheusMeterRegistry prometheus) { // other registries report by their own means
      router.get("/metrics").handler(PrometheusScrapingHandler.create(prometheus));
    }

    // The data routes: a token first when authentication is on (the operations above stay open).
    router.route().handler(gates.authentication());
    // A stream has no body, holds no admission place and has no deadline: it goes before those
    // three (FeedRoutes); a full waiting room still sheds it on its head, as a listing.
    router.get("/trades/stream").handler(stream::stream);
    // The deadline starts once the body is in, so a 504 is about the service and the database,
    // never a slow client; the wait for admission counts, and admission sheds a waiter before it.
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route().handler(new RequestDeadline(vertx, timeoutMs));
    // Admitted once the body is in: a slow sender holds no place meanwhile. Each route's place is
    // held until its work ends (admission.route), even past a 504.
    router.routeWithRegex(DATA_ROUTES).handler(admission::onBody);
    router.post("/players/bulk").consumes(JSON).handler(admission.route(players::createAll));
    router.get("/players/count").handler(admission.route(players::count));
    router.post("/players").consumes(JSON).handler(admission.route(players::create));
    router.get("/players").handler(admission.route(players::list));
    router.routeWithRegex(HttpMethod.GET, PLAYER_BY_ID).setName(PLAYER_BY_ID_TEMPLATE)
        .handler(admission.route(players::get));
    router.routeWithRegex(HttpMethod.PUT, PLAYER_BY_ID).setName(PLAYER_BY_ID_TEMPLATE)
        .consumes(JSON).handler(admission.route(players::replace));
    router.routeWithRegex(HttpMethod.DELETE, PLAYER_BY_ID).setName(PLAYER_BY_ID_TEMPLATE)
        .handler(admission.route(players::delete));
    router.post("/trades").consumes(JSON).handler(admission.route(trades::execute));
    router.get("/trades").handler(admission.route(trades::list));
    router.get("/trades/:id").setName(TRADE_BY_ID_TEMPLATE).handler(admission.route(trades::get));

    router.route().failureHandler(Problems::render);
    for (int status : new int[] {400, 404, 405, 413, 415, 500, 504}) {
      router.errorHandler(status, Problems::render);
    }
    return router;
  }

  private static Buffer readContract() {
    try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the class path");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
