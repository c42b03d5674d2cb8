package io.playerservice.http;

import io.playerservice.admission.Admission;
import io.playerservice.admission.Places;
import io.playerservice.admission.Places.Lane;
import io.playerservice.error.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP's side of {@link Admission}: the data routes pass here twice. Once on the request head,
 * where a full waiting room sheds the request before its body is read; and once the body is in
 * (a client that sends slowly must not hold a place while the database waits), where the request
 * is admitted, waits, or is shed. A shed answer is prebuilt: the same bytes every time (a problem
 * document without {@code instance} and {@code requestId}), no log line, no allocation of ours;
 * {@code requests_shed_total} counts them.
 *
 * <p>The listings are expensive reads and need a read place too ({@link Places}). The count
 * passes without a place: it is answered from memory or shares one statement with every other
 * count ({@code PlayerCount}), and that statement takes its places like any read.
 */
final class AdmissionGate {
  /** Where the lane of a request is kept between the two passes. */
  private static final String LANE = "admission.lane";

  private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problems.PROBLEM_JSON);
  private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized(Problems.RETRY_AFTER_SECONDS);
  private static final Buffer SHED = Problems.prebuilt(ApiError.unavailable(Admission.OVERLOADED));

  private final Places places;

  AdmissionGate(Places places) {
    this.places = places;
  }

  /** Before the body handler: sheds at once when the waiting room is full. */
  void onHead(RoutingContext ctx) {
    Lane lane = laneOf(ctx);
    ctx.put(LANE, lane);
    if (places.shedsAtOnce(lane)) {
      shed(ctx);
    } else {
      ctx.next();
    }
  }

  /** After the body handler: admits, queues or sheds. */
  void onBody(RoutingContext ctx) {
    Lane lane = ctx.get(LANE);
    places.enter(lane, new Admission.Waiter() {
      @Override
      public void admit() {
        admitted(ctx, lane);
      }

      @Override
      public void shed() {
        AdmissionGate.shed(ctx);
      }

      @Override
      public boolean gone() {
        return ctx.response().closed() || ctx.response().ended();
      }
    });
  }

  /**
   * The places a data request needs: a read place too for the listings ({@code GET /players},
   * {@code GET /trades}), none for the count, which takes them for its shared statement only.
   */
  private static Lane laneOf(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET) {
      return Lane.ALL;
    }
    String path = ctx.normalizedPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return switch (path) {
      case "/players/count" -> Lane.COUNT;
      case "/players", "/trades" -> Lane.READS;
      default -> Lane.ALL;
    };
  }

  private void admitted(RoutingContext ctx, Lane lane) {
    long admitted = System.nanoTime();
    ctx.addEndHandler(done -> places.leave(lane, admitted));
    ctx.next();
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
}
