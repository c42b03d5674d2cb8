package io.playerservice.error;

/**
 * The one error type the service fails with on purpose.
 *
 * <p>It carries everything a response needs (RFC 9457 type, title, status) and nothing a
 * client must not see: no cause, no stack trace. HTTP renders it as problem+json; the event
 * bus as {@code message.fail(status, detail)}.
 */
public final class ApiError extends RuntimeException {

  /** The kinds of failure a client can see, each with a stable type URI and title. */
  public enum Kind {
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    /** No bearer token, or one that is invalid or expired (only with authentication on). */
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    /** A valid bearer token without the scope the operation needs. */
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    CONFLICT(409, "conflict", "Conflict"),
    INVALID_IDEMPOTENCY_KEY(400, "invalid-idempotency-key", "Invalid Idempotency-Key"),
    /** The key answered a different request before; this one is refused and changes nothing. */
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency-Key reused"),
    /** The request's head and body did not arrive within HTTP_READ_TIMEOUT_MS; its connection is closed. */
    REQUEST_TIMEOUT(408, "request-timeout", "Request timeout"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    UNAVAILABLE(503, "unavailable", "Service unavailable"),
    /** The connection broke with the request in flight: unlike UNAVAILABLE, the outcome is unknown. */
    CONNECTION_LOST(503, "connection-lost", "Database connection lost"),
    TIMEOUT(504, "timeout", "Timeout"),
    INTERNAL(500, "internal-error", "Internal error");

    public final int status;
    public final String type;
    public final String title;

    Kind(int status, String slug, String title) {
      this.status = status;
      this.type = "/problems/" + slug;
      this.title = title;
    }
  }

  private final Kind kind;
  private final boolean replayed;

  public ApiError(Kind kind, String detail) {
    this(kind, detail, false);
  }

  private ApiError(Kind kind, String detail, boolean replayed) {
    // No stack trace: these are expected outcomes, built often under load, never logged as bugs.
    super(detail, null, false, false);
    this.kind = kind;
    this.replayed = replayed;
  }

  /** The error of the kind whose type URI is {@code type} (an internal error if none is). */
  public static ApiError of(String type, String detail) {
    for (Kind kind : Kind.values()) {
      if (kind.type.equals(type)) {
        return new ApiError(kind, detail);
      }
    }
    return new ApiError(Kind.INTERNAL, detail);
  }

  /** The same refusal, given again for an Idempotency-Key that was refused before. */
  public ApiError asReplayed() {
    return new ApiError(kind, getMessage(), true);
  }

  /** True when this refusal was stored under an Idempotency-Key earlier and is given again. */
  public boolean replayed() {
    return replayed;
  }

  /**
   * A business refusal that is final for an Idempotency-Key (unknown player, short of goods or
   * coins, duplicate id): it is stored, and the key gives it again even once the cause is gone.
   */
  public boolean isFinalRefusal() {
    return kind == Kind.NOT_FOUND || kind == Kind.CONFLICT;
  }

  public static ApiError invalid(String detail) {
    return new ApiError(Kind.INVALID_REQUEST, detail);
  }

  public static ApiError notFound(String detail) {
    return new ApiError(Kind.NOT_FOUND, detail);
  }

  public static ApiError conflict(String detail) {
    return new ApiError(Kind.CONFLICT, detail);
  }

  public static ApiError unavailable(String detail) {
    return new ApiError(Kind.UNAVAILABLE, detail);
  }

  /**
   * The request's deadline ({@code REQUEST_TIMEOUT_MS}) passed first, on HTTP or the event bus.
   * Not a 503: the request may still complete, so a write may or may not happen.
   */
  public static ApiError timeout() {
    return new ApiError(Kind.TIMEOUT, "the database did not answer in time");
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return kind.status;
  }

  public String detail() {
    return getMessage();
  }
}
