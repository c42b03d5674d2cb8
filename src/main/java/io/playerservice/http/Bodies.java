package io.playerservice.http;

import io.playerservice.error.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads request bodies as the JSON shape a route expects, or fails with a 400 ({@link StrictJson}). */
final class Bodies {
  private Bodies() {
  }

  static JsonObject object(RoutingContext ctx) {
    if (parse(ctx) instanceof JsonObject json) {
      return json;
    }
    throw ApiError.invalid("the body must be a JSON object");
  }

  static JsonArray array(RoutingContext ctx) {
    if (parse(ctx) instanceof JsonArray json) {
      return json;
    }
    throw ApiError.invalid("the body must be a JSON array");
  }

  private static Object parse(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiError.invalid("a JSON body is required");
    }
    return StrictJson.parse(body);
  }
}
