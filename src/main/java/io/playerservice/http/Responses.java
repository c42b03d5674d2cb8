package io.playerservice.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Writes successful JSON responses. */
final class Responses {
  static final String JSON = "application/json";

  private Responses() {
  }

  static Future<Void> json(RoutingContext ctx, int status, Object body) {
    return ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(io.vertx.core.json.Json.encodeToBuffer(body));
  }

  static Future<Void> noContent(RoutingContext ctx) {
    return ctx.response().setStatusCode(204).end();
  }
}
