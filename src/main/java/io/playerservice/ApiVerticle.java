package io.playerservice;

import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.admission.Bulkhead;
import io.playerservice.auth.BearerTokens;
import io.playerservice.bus.EventBusApi;
import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.feed.FeedHub;
import io.playerservice.feed.FeedNode;
import io.playerservice.http.BearerAuth;
import io.playerservice.http.ConnectionGuard;
import io.playerservice.http.HttpApi;
import io.playerservice.idempotency.Idempotency;
import io.playerservice.idempotency.IdempotentWrites;
import io.playerservice.metrics.IdempotencyMetrics;
import io.playerservice.metrics.TradeMetrics;
import io.playerservice.player.PlayerCount;
import io.playerservice.player.PlayerRepository;
import io.playerservice.player.PlayerService;
import io.playerservice.trade.TradeHistory;
import io.playerservice.trade.TradeRepository;
import io.playerservice.trade.TradeService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Wiring only: one event loop's pool and services, its event-bus consumers and (unless
 * switched off) its share of the HTTP port. HTTP and the event bus call the very
 * same service objects. {@link PlayerServiceVerticle} deploys one per configured instance.
 */
final class ApiVerticle extends VerticleBase {
  private final ServiceConfig config;
  private final MeterRegistry registry;
  private final IdempotencyMetrics idempotencyMetrics;
  private final Supplier<Future<?>> readiness;
  private final AtomicInteger openConnections;
  private final BearerTokens tokens;
  private final PlayerCount counter;
  private final FeedNode feed;
  private Pool pool;
  private Bulkhead admission;
  private HttpServer server;
  private EventBusApi bus;
  private FeedHub feedHub;

  /**
   * {@code readiness} asks the deployment's own pool (and whether the schema is in place); {@code openConnections}
   * is shared by every instance, so HTTP_MAX_CONNECTIONS holds across them; {@code tokens}
   * verify bearer tokens, or are null when authentication is off; {@code registry} takes the meters;
   * {@code counter}, the player count, is shared by every instance, so that one COUNT serves them all;
   * so is {@code feed}, the node's live feed, which every trade tells of its transaction.
   */
  ApiVerticle(ServiceConfig config, Supplier<Future<?>> readiness, MeterRegistry registry,
      IdempotencyMetrics idempotencyMetrics, AtomicInteger openConnections, BearerTokens tokens,
      PlayerCount counter, FeedNode feed) {
    this.config = config;
    this.readiness = readiness;
    this.registry = registry;
    this.idempotencyMetrics = idempotencyMetrics;
    this.openConnections = openConnections;
    this.tokens = tokens;
    this.counter = counter;
    this.feed = feed;
  }

  @Override
  public Future<?> start() {
    // This instance's own connections, created on its own event loop: a request, its statements
    // and its answer stay on one thread, with no hand-off to another loop and back.
    int connections = config.connectionsPerInstance();
    pool = Database.pool(vertx, config, connections, config.waitQueuePerInstance());
    admission = new Bulkhead(vertx, config, registry);
    PlayerRepository playerRows = new PlayerRepository(pool);
    TradeRepository ledger = new TradeRepository(pool);
    PlayerService players = new PlayerService(vertx, pool, playerRows, counter, admission);
    TradeService trades = new TradeService(vertx, pool, playerRows, ledger, config,
        new TradeMetrics(registry), feed.watch());
    TradeHistory history = new TradeHistory(pool, ledger);
    IdempotentWrites writes = new IdempotentWrites(
        new Idempotency(pool, config.idempotencyKeyTtl(), idempotencyMetrics), players, trades);
    return EventBusApi.register(vertx, config.busPrefix(), admission, config.requestTimeoutMs(), players, writes, history)
        .onSuccess(registered -> bus = registered)
        .compose(v -> config.httpEnabled() ? listen(players, writes, history) : Future.succeededFuture());
  }

  private Future<Void> listen(PlayerService players, IdempotentWrites writes, TradeHistory history) {
    ConnectionGuard guard = new ConnectionGuard(vertx, config, openConnections, registry);
    feedHub = feed.hub(history, admission);
    // HTTP/1.1 only: with h2c on, Vert.x makes a connection (and calls the connection handler)
    // only once the first request head is in, so a client that never finishes one would go
    // unseen; and the guard's deadlines are per HTTP/1 connection, not per HTTP/2 stream.
    // Every request is a server span when tracing is on (a caller's traceparent is its parent);
    // with tracing off the Vert.x has no tracer and the policy costs nothing.
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)
            .setIdleTimeout(config.httpIdleTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setTracingPolicy(TracingPolicy.ALWAYS))
        .connectionHandler(guard::accept)
        .requestHandler(HttpApi.router(vertx, registry, players, writes, history, feedHub, readiness,
            config.requestTimeoutMs(), new HttpApi.Gates(guard, authentication(), admission)))
        .listen(config.httpPort())
        .onSuccess(listening -> server = listening)
        .mapEmpty();
  }

  /** Each instance verifies tokens on its own event loop, with the keys every instance shares. */
  private Handler<RoutingContext> authentication() {
    return tokens == null ? RoutingContext::next : new BearerAuth(vertx, tokens);
  }

  /**
   * The server and the event-bus consumers stop taking requests, and those in flight on either
   * get up to {@link PlayerServiceVerticle#SHUTDOWN_GRACE_SECONDS} to finish; then this
   * instance's pool closes. Readiness asks the parent's pool, which closes after every instance.
   */
  @Override
  public Future<?> stop() {
    long grace = PlayerServiceVerticle.SHUTDOWN_GRACE_SECONDS;
    if (feedHub != null) { // streams never end by themselves: end them, so the server's shutdown need not wait
      feedHub.close();
    }
    Future<Void> http = server == null ? Future.succeededFuture() : server.shutdown(grace, TimeUnit.SECONDS);
    Future<Void> events = bus == null ? Future.succeededFuture() : bus.drain(TimeUnit.SECONDS.toMillis(grace));
    return Future.join(http, events).eventually(() -> pool.close());
  }
}
