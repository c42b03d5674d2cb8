package io.playerservice.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.telemetry.RequestTags;
import io.vertx.core.AsyncResult;
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
 * one line per request when the response ends; at INFO the hot path logs nothing. The id (and the
 * trace, when traced) is in the MDC of every line logged while the request is served.
 *
 * <p>It also tells apart the two ways a request can lose its answer. A client that closes its
 * connection first is no fault of the service: one DEBUG line and a count in
 * {@code http_requests_abandoned_total}, never a 5xx. A request whose deadline answered 504 is
 * logged at INFO when it does finish, so its unknown outcome can be settled from the log.
 */
final class RequestLog implements Handler<RoutingContext> {
  static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  private static final String GONE = "clientGone";
  private static final String DEADLINE = "answeredByDeadline";
  private static final String STREAM = "stream";
  private static final String ABANDONED_COUNTER = "abandonedCounter";
  private static final String ABANDONED = "http.requests.abandoned";
  /** What a caller may choose: short and safe to print in a log line or a JSON string. */
  private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

  private final Counter abandoned;

  RequestLog(MeterRegistry registry) {
    this.abandoned = Counter.builder(ABANDONED)
        .description("HTTP requests whose client closed the connection before the answer").register(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && CALLER_ID.matcher(given).matches() ? given : newId();
    ctx.put(KEY, RequestTags.attach(id)); // and into the MDC of the request's log lines (RequestMdc)
    ctx.put(ABANDONED_COUNTER, abandoned); // for the static checks below, which see only the request
    ctx.response().putHeader(HEADER, id);
    long start = System.nanoTime();
    ctx.addEndHandler(done -> ended(ctx, done, start));
    ctx.next();
  }

  /** The response was sent, or (failed) the connection closed before it was. */
  private static void ended(RoutingContext ctx, AsyncResult<Void> done, long start) {
    if (done.failed() && ctx.get(STREAM) != null) { // how a stream ends when its client is done with it
      LOG.debug("{} {} [{}]: the stream closed after {} ms", ctx.request().method(), ctx.request().uri(), id(ctx),
          (System.nanoTime() - start) / 1_000_000);
    } else if (done.failed()) {
      gone(ctx, "closed the connection before its answer, after " + (System.nanoTime() - start) / 1000 + " µs");
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} {} {} µs [{}]", ctx.request().method(), ctx.request().uri(), ctx.response().getStatusCode(),
          (System.nanoTime() - start) / 1000, id(ctx));
    }
  }

  /**
   * True when the client closed its connection before the answer was sent, so there is nobody to
   * answer; it was logged and counted when it happened.
   */
  static boolean clientGone(RoutingContext ctx) {
    if (ctx.get(GONE) != null) {
      return true;
    }
    if (ctx.response().closed() && !ctx.response().ended()) { // in case the close is not yet reported
      gone(ctx, "closed the connection before its answer");
      return true;
    }
    return false;
  }

  /** The answer was written, but the connection closed under it: the client went away. */
  static void answerLost(RoutingContext ctx) {
    if (ctx.get(GONE) == null) {
      gone(ctx, "closed the connection while its answer was sent");
    }
  }

  private static void gone(RoutingContext ctx, String what) {
    ctx.put(GONE, Boolean.TRUE);
    Counter counter = ctx.get(ABANDONED_COUNTER);
    if (counter != null) { // null: the request never passed this handler (admission shed it first)
      counter.increment();
    }
    LOG.debug("{} {} [{}]: the client {}", ctx.request().method(), ctx.request().uri(), id(ctx), what);
  }

  /** Marks the request as a stream (the live feed), which has no answer to lose: its client ends it. */
  static void streaming(RoutingContext ctx) {
    ctx.put(STREAM, Boolean.TRUE);
  }

  /** Marks the request as answered 504 by its deadline, so that its late result is logged. */
  static void deadlinePassed(RoutingContext ctx) {
    ctx.put(DEADLINE, Boolean.TRUE);
  }

  /** Whether the request's 504 has been sent by its deadline. */
  static boolean answeredByDeadline(RoutingContext ctx) {
    return ctx.get(DEADLINE) != null;
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
    RequestTags tags = ctx.get(KEY);
    return tags == null ? "-" : tags.requestId();
  }

  /** The id of the trace the request {@code ctx} serves belongs to, or null when it is not traced. */
  static String traceId(RoutingContext ctx) {
    RequestTags tags = ctx.get(KEY);
    return tags == null ? null : tags.traceId();
  }

  /** 64 random bits in hex: unique enough to find one request in a day of logs. */
  private static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
