package io.playerservice.http;

import io.playerservice.admission.RequestClass;
import io.playerservice.error.ApiError;
import io.playerservice.error.UnknownOutcome;
import io.playerservice.idempotency.IdempotencyKey;
import io.playerservice.operation.Operation;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * What HTTP learns once of a data request, for every handler after it: its {@link Operation}, from
 * the method and path as soon as the head is in, and its Idempotency-Key, parsed when its route
 * first asks (after authentication, so an anonymous request with a bad key still gets its 401).
 */
final class DataRequest {
  private static final String OPERATION = "data.operation";
  private static final String KEY = "data.idempotency-key";

  private DataRequest() {
  }

  /** Finds and keeps the request's operation; null when no data route has its method and path. */
  static Operation resolve(RoutingContext ctx) {
    Operation operation = of(ctx.request().method(), ctx.normalizedPath());
    if (operation != null) {
      ctx.put(OPERATION, operation);
    }
    return operation;
  }

  /** The places the request needs: its operation's class; an ordinary place when no data route takes it. */
  static RequestClass requestClass(RoutingContext ctx) {
    Operation operation = ctx.get(OPERATION);
    return operation == null ? RequestClass.ORDINARY : operation.requestClass();
  }

  /** The request's {@code Idempotency-Key}, null without one; a malformed one is a 400. */
  static IdempotencyKey idempotencyKey(RoutingContext ctx) {
    IdempotencyKey key = ctx.get(KEY);
    if (key == null) {
      key = IdempotencyKey.from(ctx.request().headers().getAll(IdempotencyKey.HEADER));
      ctx.put(KEY, key);
    }
    return key;
  }

  /** {@code error} with advice on how to learn the outcome, when it is unknown. */
  static ApiError advise(RoutingContext ctx, ApiError error) {
    Operation operation = ctx.get(OPERATION);
    if (operation == null) { // not a data route: nothing it could have changed is known
      return UnknownOutcome.advise(error, ctx.request().method() != HttpMethod.GET, false, false);
    }
    return operation.advise(error, ctx.get(KEY) != null);
  }

  /** The contract's paths; the router itself answers 404 or 405 for anything else. */
  private static Operation of(HttpMethod method, String path) {
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    switch (path) {
      case "/players":
        return method == HttpMethod.POST ? Operation.CREATE_PLAYER
            : method == HttpMethod.GET ? Operation.LIST_PLAYERS : null;
      case "/players/bulk":
        return method == HttpMethod.POST ? Operation.CREATE_PLAYERS : null;
      case "/players/count":
        return method == HttpMethod.GET ? Operation.COUNT_PLAYERS : null;
      case "/trades":
        return method == HttpMethod.POST ? Operation.TRADE
            : method == HttpMethod.GET ? Operation.LIST_TRADES : null;
      case "/trades/stream":
        return method == HttpMethod.GET ? Operation.STREAM_TRADES : null;
      default:
        break;
    }
    if (oneSegmentBelow(path, "/players/")) {
      return method == HttpMethod.GET ? Operation.GET_PLAYER
          : method == HttpMethod.PUT ? Operation.REPLACE_PLAYER
          : method == HttpMethod.DELETE ? Operation.DELETE_PLAYER : null;
    }
    return oneSegmentBelow(path, "/trades/") && method == HttpMethod.GET ? Operation.GET_TRADE : null;
  }

  private static boolean oneSegmentBelow(String path, String parent) {
    return path.startsWith(parent) && path.length() > parent.length() && path.indexOf('/', parent.length()) < 0;
  }
}
