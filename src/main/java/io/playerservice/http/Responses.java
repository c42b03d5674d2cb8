package io.playerservice.http;

import io.playerservice.idempotency.StoredAnswer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/** Writes successful JSON responses. */
final class Responses {
  static final String JSON = "application/json";

  private Responses() {
  }

  static Future<Void> json(RoutingContext ctx, int status, Object body) {
    return answeredAlready(ctx, status) ? Future.succeededFuture() : write(ctx, status, body);
  }

  /** Listings longer than this are encoded on a worker (see {@link #listing}). */
  static final int ENCODE_ON_WORKER_ROWS = 100;

  /**
   * A 200 with a listing of {@code rows} rows (up to 1000). A long one is built and encoded on a
   * worker thread: that takes milliseconds, and every trade on this event loop would wait behind
   * it (the read bulkhead bounds the connections listings hold, not their turns on the loop). A
   * short one (the default page is 20) stays on the loop, where it costs less than two thread hops.
   */
  static Future<Void> listing(RoutingContext ctx, int rows, Supplier<Object> body) {
    if (rows <= ENCODE_ON_WORKER_ROWS) {
      return json(ctx, 200, body.get());
    }
    return ctx.vertx().executeBlocking(() -> Json.encodeToBuffer(body.get()), false)
        .compose(json -> answeredAlready(ctx, 200) ? Future.succeededFuture()
            : ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(json));
  }

  /** A creating request's answer: its status, body and {@code Location}, and whether it is a replay. */
  static Future<Void> answer(RoutingContext ctx, StoredAnswer answer) {
    if (answeredAlready(ctx, answer.status())) {
      return Future.succeededFuture();
    }
    if (answer.location() != null) {
      ctx.response().putHeader(HttpHeaders.LOCATION, answer.location());
    }
    if (answer.replayed()) {
      ctx.response().putHeader(StoredAnswer.REPLAYED_HEADER, "true");
    }
    return write(ctx, answer.status(), answer.body());
  }

  private static Future<Void> write(RoutingContext ctx, int status, Object body) {
    return ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(Json.encodeToBuffer(body));
  }

  static Future<Void> noContent(RoutingContext ctx) {
    if (answeredAlready(ctx, 204)) {
      return Future.succeededFuture();
    }
    return ctx.response().setStatusCode(204).end();
  }

  /**
   * True when the result came too late to be sent: the client closed its connection (already
   * logged and counted), or the deadline answered 504 first (the result is logged).
   */
  private static boolean answeredAlready(RoutingContext ctx, int status) {
    if (RequestLog.clientGone(ctx)) {
      return true;
    }
    if (!ctx.response().ended()) {
      return false;
    }
    RequestLog.lateOutcome(ctx, String.valueOf(status));
    return true;
  }
}
