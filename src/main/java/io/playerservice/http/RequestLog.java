package io.playerservice.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The first handler of every request: gives it an id, returned in {@code X-Request-Id} and in any
 * problem document, and named by every log line about it, so a user's report leads to the log.
 * A caller's own well-formed {@code X-Request-Id} (say, from a proxy) is kept. At DEBUG it logs
 * one line per request when the response ends; at INFO the hot path logs nothing.
 */
final class RequestLog implements Handler<RoutingContext> {
  static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  /** What a caller may choose: short and safe to print in a log line or a JSON string. */
  private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && CALLER_ID.matcher(given).matches() ? given : newId();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    if (LOG.isDebugEnabled()) {
      long start = System.nanoTime();
      ctx.addEndHandler(done -> LOG.debug("{} {} {} {} µs [{}]", ctx.request().method(),
          ctx.request().uri(), ctx.response().getStatusCode(), (System.nanoTime() - start) / 1000, id));
    }
    ctx.next();
  }

  /**
   * How a request ended that had already been answered 504 when its deadline passed, so that
   * its "outcome unknown" can be settled from the log by the request id. Rare: not the hot path.
   */
  static void lateOutcome(RoutingContext ctx, String outcome) {
    LOG.info("{} {} [{}] finished after its 504: {}", ctx.request().method(), ctx.request().path(),
        id(ctx), outcome);
  }

  /** The id of the request {@code ctx} serves ({@code "-"} if it never passed this handler). */
  static String id(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }

  /** 64 random bits in hex: unique enough to find one request in a day of logs. */
  private static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
