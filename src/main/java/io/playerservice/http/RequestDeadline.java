package io.playerservice.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * The data routes' deadline: a request not answered within REQUEST_TIMEOUT_MS of this handler
 * fails with 504, as Vert.x's {@code TimeoutHandler} does, but on the event loop's one
 * {@link Deadlines} rather than a timer of its own.
 */
final class RequestDeadline implements Handler<RoutingContext> {
  private final Deadlines deadlines;

  /** On the event loop of the server it serves. */
  RequestDeadline(Vertx vertx, long timeoutMs) {
    this.deadlines = new Deadlines(vertx, timeoutMs);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Deadlines.Deadline deadline = deadlines.start(() -> expired(ctx));
    ctx.addEndHandler(answered -> deadline.cancel());
    ctx.next();
  }

  private static void expired(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.request().resume();
    }
    ctx.fail(504);
  }
}
