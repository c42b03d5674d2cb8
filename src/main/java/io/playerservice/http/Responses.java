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
    if (ctx.response().ended()) {
      return Future.succeededFuture(); // answered already, with a 504: the result came too late
    }
    return ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(Json.encodeToBuffer(body));
  }

  static Future<Void> noContent(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return Future.succeededFuture();
    }
    return ctx.response().setStatusCode(204).end();
  }
}
