package io.playerservice.trade;

import io.playerservice.error.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the trade ledger: what was traded, between whom, when (UTC, microseconds), and under
 * which {@code Idempotency-Key}, if any. The id is a random (version 4) UUID, stored as 16 bytes.
 */
public record TradeRecord(UUID id, String sellId, String buyId, int amount, int price, Instant at,
    String idempotencyKey) {

  /** The ledger path of this trade, the {@code Location} of the answer that made it. */
  public String location() {
    return "/trades/" + id;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id.toString()).put("sellId", sellId).put("buyId", buyId)
        .put("amount", amount).put("price", price).put("at", at.toString());
    if (idempotencyKey != null) {
      json.put("idempotencyKey", idempotencyKey);
    }
    return json;
  }

  /** Reads a trade as the API writes it (used by clients of the event-bus API). */
  public static TradeRecord fromJson(JsonObject json) {
    return new TradeRecord(UUID.fromString(json.getString("id")), json.getString("sellId"),
        json.getString("buyId"), json.getInteger("amount"), json.getInteger("price"),
        Instant.parse(json.getString("at")), json.getString("idempotencyKey"));
  }

  /** A trade id from a path or a request: a UUID in its usual 36-character form, else a 400. */
  public static UUID parseId(String text) {
    if (text == null || text.length() != 36) {
      throw ApiError.invalid("a trade id is a UUID such as 6f1c2e4a-9b3d-4c5e-8f70-1a2b3c4d5e6f");
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("a trade id is a UUID such as 6f1c2e4a-9b3d-4c5e-8f70-1a2b3c4d5e6f");
    }
  }

  /** The id's 16 bytes, as the ledger's BINARY(16) column holds it. */
  static Buffer bytes(UUID id) {
    return Buffer.buffer(ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits()).array());
  }

  static UUID fromBytes(Buffer bytes) {
    return new UUID(bytes.getLong(0), bytes.getLong(8));
  }
}
