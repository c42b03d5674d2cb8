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
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    CONFLICT(409, "conflict", "Conflict"),
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

  public ApiError(Kind kind, String detail) {
    // No stack trace: these are expected outcomes, built often under load, never logged as bugs.
    super(detail, null, false, false);
    this.kind = kind;
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
