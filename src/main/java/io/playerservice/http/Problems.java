package io.playerservice.http;

import io.playerservice.error.ApiError;
import io.playerservice.error.ApiError.Kind;
import io.playerservice.error.Failures;
import io.playerservice.error.UnavailableLog;
import io.playerservice.idempotency.StoredAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure renderer: every error response, from a route or from the router itself
 * (unknown path, wrong method, body too large, wrong content type), is RFC 9457 problem+json.
 * 5xx are logged with their cause and the request id; the response carries only the id.
 */
final class Problems {
  static final String PROBLEM_JSON = "application/problem+json";
  /** Seconds a client should wait before retrying a 503. */
  static final String RETRY_AFTER_SECONDS = "1";

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {
  }

  static void render(RoutingContext ctx) {
    if (RequestLog.clientGone(ctx)) { // nobody to answer, and not a fault: logged at DEBUG, counted
      return;
    }
    ApiError error = DataRequest.advise(ctx, toApiError(ctx));
    if (ctx.response().ended()) {
      if (RequestLog.answeredByDeadline(ctx)) { // the client has its 504; say how the request ended
        RequestLog.lateOutcome(ctx, error.status() + " " + error.detail()
            + (ctx.failure() == null ? "" : " (" + ctx.failure() + ")"));
      } else { // our own answer failed to go out: the client closed the connection as it was sent
        RequestLog.answerLost(ctx);
      }
      return;
    }
    if (error.kind() == Kind.TIMEOUT) { // only the deadline (RequestDeadline) fails a request with 504
      RequestLog.deadlinePassed(ctx);
    }
    String requestId = RequestLog.id(ctx);
    if (error.status() == 503 || error.status() == 504) {
      UnavailableLog.record(ctx.request().method() + " " + ctx.request().path() + " [" + requestId + "]",
          error.status(), ctx.failure());
    } else if (error.status() >= 500) {
      LOG.error("{} {} [{}] failed with {}", ctx.request().method(), ctx.request().path(), requestId,
          error.status(), ctx.failure());
    }
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset(); // too late for a problem document; cut the exchange rather than corrupt it
      return;
    }
    if (error.status() == 503) {
      response.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    if (error.status() == 401 || error.status() == 403) {
      response.putHeader("WWW-Authenticate", BearerAuth.challenge(ctx));
    }
    if (error.replayed()) {
      response.putHeader(StoredAnswer.REPLAYED_HEADER, "true");
    }
    JsonObject problem = new JsonObject()
        .put("type", error.kind().type)
        .put("title", error.kind().title)
        .put("status", error.status())
        .put("detail", error.detail())
        .put("instance", ctx.request().path())
        .put("requestId", requestId); // an RFC 9457 extension member: quote it when reporting
    String traceId = RequestLog.traceId(ctx);
    if (traceId != null) { // only when traced: leads from the answer to the trace in the collector
      problem.put("traceId", traceId);
    }
    response.setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .end(problem.toBuffer());
  }

  /**
   * The problem document of {@code error} without the members that differ per request
   * ({@code instance}, {@code requestId}): bytes built once and sent as they are, for the answer
   * that must cost nothing, the shed of an overloaded service ({@link AdmissionGate}).
   */
  static Buffer prebuilt(ApiError error) {
    return new JsonObject()
        .put("type", error.kind().type)
        .put("title", error.kind().title)
        .put("status", error.status())
        .put("detail", error.detail())
        .toBuffer();
  }

  private static ApiError toApiError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException http) {
      return fromStatus(ctx, http.getStatusCode());
    }
    if (failure != null) {
      return Failures.classify(failure);
    }
    return fromStatus(ctx, ctx.statusCode());
  }

  /** The router's own refusals, which carry a status but no exception. */
  private static ApiError fromStatus(RoutingContext ctx, int status) {
    String method = ctx.request().method().name();
    return switch (status) {
      case 400 -> ApiError.invalid("the request is malformed");
      case 404 -> ApiError.notFound("no resource at " + ctx.request().path());
      case 408 -> new ApiError(Kind.REQUEST_TIMEOUT, "the request did not arrive within "
          + "HTTP_READ_TIMEOUT_MS; the connection is closed and nothing was done");
      case 405 -> new ApiError(Kind.METHOD_NOT_ALLOWED,
          method + " is not allowed on " + ctx.request().path());
      case 413 -> new ApiError(Kind.PAYLOAD_TOO_LARGE,
          "the body exceeds " + HttpApi.MAX_BODY_BYTES + " bytes");
      case 415 -> new ApiError(Kind.UNSUPPORTED_MEDIA_TYPE, "the body must be sent as application/json");
      case 503 -> ApiError.unavailable("the service is unavailable; try again shortly");
      // The request may still complete: a write may or may not happen, so it is not a 503.
      case 504 -> ApiError.timeout();
      default -> new ApiError(Kind.INTERNAL, "an unexpected error occurred");
    };
  }
}
