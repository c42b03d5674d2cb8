package io.playerservice.http;

import io.playerservice.admission.Bulkhead;
import io.playerservice.admission.RequestClass;
import io.playerservice.admission.Waiter;
import io.playerservice.error.ApiError;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * HTTP's side of {@link Bulkhead}: the data routes pass here twice. Once on the request head,
 * where a full waiting room sheds the request before its body is read; and once the body is in
 * (a client that sends slowly must not hold a place while the database waits), where the request
 * is admitted, waits, or is shed. A shed answer is prebuilt: the same bytes every time (a problem
 * document without {@code instance} and {@code requestId}), no log line, no allocation of ours;
 * {@code requests_shed_total} counts them.
 *
 * <p>An admitted request keeps its place until its route's work has ended, not until its answer:
 * one answered 504 by its deadline, or whose client left, may still hold a connection with its
 * statement, and the next request must not be admitted to wait for that connection in the pool. A
 * request no route takes (the router answers 404, 405 or 415) leaves with its answer.
 *
 * <p>The places a request needs are its operation's class ({@link DataRequest#requestClass}); a
 * request no data route takes takes an ordinary place.
 */
final class AdmissionGate {
  /** Where an admitted request's {@link Held} place is kept for its route. */
  private static final String HELD = "admission.held";

  private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problems.PROBLEM_JSON);
  private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized(Problems.RETRY_AFTER_SECONDS);
  private static final Buffer SHED = Problems.prebuilt(ApiError.unavailable(Bulkhead.OVERLOADED));

  private final Bulkhead places;

  AdmissionGate(Bulkhead places) {
    this.places = places;
  }

  /** Before the body handler: sheds at once when the waiting room is full. */
  void onHead(RoutingContext ctx) {
    DataRequest.resolve(ctx);
    if (places.shedsAtOnce(DataRequest.requestClass(ctx))) {
      shed(ctx);
    } else {
      ctx.next();
    }
  }

  /** After the body handler: admits, queues or sheds. */
  void onBody(RoutingContext ctx) {
    places.enter(DataRequest.requestClass(ctx), new Held(ctx));
  }

  /**
   * A data route's handler, whose future ends with its work: an admitted request's place is given
   * back then, whenever its answer went (or goes) out.
   */
  Handler<RoutingContext> route(Function<RoutingContext, Future<?>> handler) {
    return ctx -> {
      Held held = ctx.get(HELD);
      if (held != null) {
        held.routed = true;
      }
      Future<?> work;
      try {
        work = handler.apply(ctx);
      } catch (RuntimeException refused) { // a bad request, refused before any work began
        if (held != null) {
          held.leave();
        }
        throw refused;
      }
      if (held != null) {
        work.onComplete(ended -> held.leave());
      }
    };
  }

  private static void shed(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.setStatusCode(503)
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER)
        .end(SHED);
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) { // let the unread body drain, so the connection can take its next request
      request.resume();
    }
  }

  /**
   * One request's way through admission: a {@link Waiter} until admitted, then its place, given
   * back once; its end handler gives it back when no route took the request (the router's own
   * answer ends it).
   */
  private final class Held implements Waiter, Handler<AsyncResult<Void>> {
    private final RoutingContext ctx;
    private final RequestClass requestClass;
    private long admittedNanos;
    private boolean routed;
    private boolean left;

    Held(RoutingContext ctx) {
      this.ctx = ctx;
      this.requestClass = DataRequest.requestClass(ctx);
    }

    @Override
    public void admit() {
      admittedNanos = System.nanoTime();
      ctx.put(HELD, this);
      ctx.addEndHandler(this);
      ctx.next();
    }

    @Override
    public void shed() {
      AdmissionGate.shed(ctx);
    }

    @Override
    public boolean gone() {
      return ctx.response().closed() || ctx.response().ended();
    }

    @Override
    public void handle(AsyncResult<Void> answered) {
      if (!routed) {
        leave();
      }
    }

    void leave() {
      if (!left) {
        left = true;
        places.leave(requestClass, admittedNanos);
      }
    }
  }
}
