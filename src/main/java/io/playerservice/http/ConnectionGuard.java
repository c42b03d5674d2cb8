package io.playerservice.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.config.ServiceConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What Vert.x has no setting for, against slow and surplus clients (slowloris): a cap on open
 * connections across every server instance of the deployment, and deadlines for a request to
 * arrive. Idle connections are closed by Vert.x itself ({@code HttpServerOptions#setIdleTimeout}).
 *
 * <ul>
 *   <li>A connection beyond {@code HTTP_MAX_CONNECTIONS} is closed at once; the others go on.
 *   <li>A new connection must deliver a complete request head within {@code HTTP_READ_TIMEOUT_MS},
 *       and a kept-alive one the next head within {@code HTTP_IDLE_TIMEOUT_MS} of the last
 *       response, or it is closed: a head trickled a byte at a time keeps Vert.x's idle timer
 *       from ever firing. There is no request yet to answer, so nothing is sent.
 *   <li>A request's body must be in within {@code HTTP_READ_TIMEOUT_MS} of its head, or the
 *       request gets 408 and its connection is closed. The request is paused first, so its
 *       route never runs: nothing reaches the database.
 * </ul>
 *
 * <p>One instance per HTTP server, used on that server's event loop only; the count is shared.
 */
public final class ConnectionGuard implements Handler<RoutingContext> {
  private final AtomicInteger open;
  private final int max;
  /** HTTP_READ_TIMEOUT_MS: a new connection's first head, and each request's body. */
  private final Deadlines read;
  /** HTTP_IDLE_TIMEOUT_MS: a kept-alive connection's next head. */
  private final Deadlines idle;
  private final Counter refused;
  /** The deadline of each connection's next request head. */
  private final Map<HttpConnection, Deadlines.Deadline> awaitingHead = new HashMap<>();

  /** {@code open} counts the connections of every server instance of one deployment. */
  public ConnectionGuard(Vertx vertx, ServiceConfig config, AtomicInteger open, MeterRegistry registry) {
    this.open = open;
    this.max = config.httpMaxConnections();
    this.read = new Deadlines(vertx, config.httpReadTimeoutMs());
    this.idle = new Deadlines(vertx, config.httpIdleTimeoutMs());
    this.refused = Counter.builder("http_connections_refused")
        .description("Connections closed at once because HTTP_MAX_CONNECTIONS were open").register(registry);
  }

  /** For {@code HttpServer#connectionHandler}: every new connection passes here first. */
  public void accept(HttpConnection connection) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      refused.increment();
      connection.close();
      return;
    }
    connection.closeHandler(closed -> {
      open.decrementAndGet();
      stopAwaitingHead(connection);
    });
    awaitHead(connection, read);
  }

  /** The router's first handler: the head is in; the body has until the read deadline. */
  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    stopAwaitingHead(connection);
    if (!request.isEnded()) {
      Deadlines.Deadline body = read.start(() -> bodyTooSlow(ctx));
      request.end().onComplete(arrived -> body.cancel());
    }
    ctx.addEndHandler(answered -> awaitHead(connection, idle));
    ctx.next();
  }

  private void bodyTooSlow(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    request.pause(); // what is still in the socket never completes the body, so no route runs
    if (ctx.response().ended()) { // answered without its body (an operations route): just close
      connection.close();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    ctx.addEndHandler(answered -> connection.close());
    ctx.fail(new HttpException(408));
  }

  private void awaitHead(HttpConnection connection, Deadlines deadlines) {
    stopAwaitingHead(connection);
    awaitingHead.put(connection, deadlines.start(() -> {
      awaitingHead.remove(connection);
      connection.close();
    }));
  }

  private void stopAwaitingHead(HttpConnection connection) {
    Deadlines.Deadline deadline = awaitingHead.remove(connection);
    if (deadline != null) {
      deadline.cancel();
    }
  }
}
