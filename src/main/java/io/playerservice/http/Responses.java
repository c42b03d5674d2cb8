package io.playerservice.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Writes successful JSON responses. */
final class Responses {
  static final String JSON = "application/json";

  private Responses() {
  }

  static Future<Void> json(RoutingContext ctx, int status, Object body) {
    if (answeredAlready(ctx, status)) {
      return Future.succeededFuture();
    }
    return ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(Json.encodeToBuffer(body));
  }

  /** 201 with the new resource's {@code Location}. */
  static Future<Void> created(RoutingContext ctx, String location, Object body) {
    if (answeredAlready(ctx, 201)) {
      return Future.succeededFuture();
    }
    ctx.response().putHeader(HttpHeaders.LOCATION, location);
    return json(ctx, 201, body);
  }

  static Future<Void> noContent(RoutingContext ctx) {
    if (answeredAlready(ctx, 204)) {
      return Future.succeededFuture();
    }
    return ctx.response().setStatusCode(204).end();
  }

  /** True when the deadline answered 504 first: the result came too late, and is logged. */
  private static boolean answeredAlready(RoutingContext ctx, int status) {
    if (!ctx.response().ended()) {
      return false;
    }
    RequestLog.lateOutcome(ctx, String.valueOf(status));
    return true;
  }
}
