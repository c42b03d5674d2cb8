package io.playerservice.idempotency;

import io.playerservice.error.ApiError;
import io.vertx.core.json.JsonObject;

/**
 * A final answer, as it is stored under an Idempotency-Key and replayed: the status, the JSON body and the
 * {@code Location} (null: none). A business refusal is stored as its problem type and detail, and
 * replayed as the same {@link ApiError}.
 */
public record StoredAnswer(int status, JsonObject body, String location, boolean replayed) {
  /** Marks an answer given again for a key, on HTTP and the bus (draft-ietf-httpapi-idempotency-key-header). */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  public static StoredAnswer of(int status, JsonObject body, String location) {
    return new StoredAnswer(status, body, location, false);
  }

  /** A refusal to store: 404 and 409 are final for a key; one key is one intent. */
  static StoredAnswer refusal(ApiError error) {
    return of(error.status(), new JsonObject().put("type", error.kind().type).put("detail", error.detail()), null);
  }

  StoredAnswer asReplayed() {
    return new StoredAnswer(status, body, location, true);
  }

  /** The refusal this answer stores, marked replayed. */
  ApiError toRefusal() {
    return ApiError.of(body.getString("type"), body.getString("detail")).asReplayed();
  }

  boolean isRefusal() {
    return status >= 400;
  }
}
