package io.playerservice.idempotency;

import io.playerservice.error.ApiError;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A client's {@code Idempotency-Key}: 1 to 255 visible ASCII characters, taken exactly as sent
 * (a structured-field string such as {@code "abc"} keeps its quotes). The database stores and
 * finds it by its SHA-256, which is fixed-width and random, so keys that a client numbers in
 * sequence still spread over TiDB's regions.
 */
public record IdempotencyKey(String value) {
  public static final String HEADER = "Idempotency-Key";
  static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    if (!valid(value)) {
      throw new ApiError(ApiError.Kind.INVALID_IDEMPOTENCY_KEY,
          "'" + HEADER + "' must be 1 to " + MAX_LENGTH + " visible ASCII characters (no spaces)");
    }
  }

  /** The key the request carries, null when it carries none; a repeated header is a 400. */
  public static IdempotencyKey from(List<String> headerValues) {
    if (headerValues.isEmpty()) {
      return null;
    }
    if (headerValues.size() > 1) {
      throw new ApiError(ApiError.Kind.INVALID_IDEMPOTENCY_KEY, "'" + HEADER + "' may be given once");
    }
    return new IdempotencyKey(headerValues.get(0));
  }

  /** The primary key of the key's row. */
  Buffer hash() {
    return sha256(value.getBytes(StandardCharsets.US_ASCII));
  }

  static Buffer sha256(byte[] bytes) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static boolean valid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }
}
