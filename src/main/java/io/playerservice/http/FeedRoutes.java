package io.playerservice.http;

import io.playerservice.error.ApiError;
import io.playerservice.feed.FeedHub;
import io.playerservice.feed.FeedQuery;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /trades/stream}: the live feed as Server-Sent Events. The route stands after
 * authentication and before the body handler, the admission place and the request deadline: a
 * stream holds no connection between its reads (the node's one reader of the ledger's head uses
 * the deployment's own connections; a subscriber's catch-up pages are admitted as listings), and it
 * has no end for a deadline to wait for.
 */
final class FeedRoutes {
  private static final String EVENT_STREAM = "text/event-stream";
  private static final String LAST_EVENT_ID = "Last-Event-ID";

  private final FeedHub hub;

  FeedRoutes(FeedHub hub) {
    this.hub = hub;
  }

  void stream(RoutingContext ctx) {
    FeedQuery query = FeedQuery.fromRequest(ctx.queryParam("player"), ctx.queryParam("after"),
        ctx.request().getHeader(LAST_EVENT_ID));
    if (!hub.admit()) {
      ctx.fail(ApiError.unavailable("this node serves FEED_MAX_SUBSCRIBERS streams already; try again shortly,"
          + " or on another node"));
      return;
    }
    RequestLog.streaming(ctx);
    ctx.response().setStatusCode(200).setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Accel-Buffering", "no"); // nginx would otherwise hold events back in its buffer
    hub.subscribe(query, ctx.request());
  }
}
