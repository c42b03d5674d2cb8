package io.playerservice.validation;

import io.playerservice.error.ApiError;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.Set;

/**
 * Reads request fields strictly. A value that is not exactly what the API documents is a
 * 400 with a detail naming the field; nothing is coerced or clamped.
 */
public final class Fields {
  /** The widest id the {@code VARCHAR(36)} column holds, counted in characters. */
  public static final int MAX_ID_LENGTH = 36;

  private Fields() {
  }

  /** Refuses members the API does not know, so a typo such as {@code "coin"} is not ignored. */
  public static void allowOnly(JsonObject json, Set<String> allowed) {
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        throw ApiError.invalid("unknown field '" + name + "'; allowed: " + String.join(", ", allowed));
      }
    }
  }

  /** A required id: a JSON string of 1 to 36 characters. */
  public static String id(JsonObject json, String name) {
    if (!json.containsKey(name)) {
      throw ApiError.invalid("'" + name + "' is required");
    }
    return id(json.getValue(name), name);
  }

  /** Checks a value (from JSON or a path) is a usable id. */
  public static String id(Object value, String name) {
    if (!(value instanceof String id)) {
      throw ApiError.invalid("'" + name + "' must be a string");
    }
    if (id.isEmpty()) {
      throw ApiError.invalid("'" + name + "' must not be empty");
    }
    if (id.codePointCount(0, id.length()) > MAX_ID_LENGTH) {
      throw ApiError.invalid("'" + name + "' must be at most " + MAX_ID_LENGTH + " characters");
    }
    return id;
  }

  /** A required JSON string (any content; the caller checks its form). */
  public static String text(JsonObject json, String name) {
    if (!(json.getValue(name) instanceof String text)) {
      throw ApiError.invalid("'" + name + "' must be a string");
    }
    return text;
  }

  /** A required JSON integer within {@code min..max}; fractions, strings and null are refused. */
  public static int integer(JsonObject json, String name, int min, int max) {
    if (!json.containsKey(name)) {
      throw ApiError.invalid("'" + name + "' is required");
    }
    Object value = json.getValue(name);
    if (value instanceof Integer i && i >= min && i <= max) {
      return i;
    }
    // The JSON parser yields Integer, Long or BigInteger for integer literals, and Double or
    // BigDecimal for anything written with a fraction or an exponent.
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      throw ApiError.invalid("'" + name + "' must be in " + min + ".." + max);
    }
    throw ApiError.invalid("'" + name + "' must be an integer");
  }
}
