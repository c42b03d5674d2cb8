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

  /** A required id: a JSON string of 1 to 36 characters, by the rules of {@link #id(Object, String)}. */
  public static String id(JsonObject json, String name) {
    if (!json.containsKey(name)) {
      throw ApiError.invalid("'" + name + "' is required");
    }
    return id(json.getValue(name), name);
  }

  /**
   * Checks a value (from JSON, a path or a query) is a usable id: 1 to 36 characters, none of
   * them invisible (see {@link #invisible}), and no whitespace at either end.
   */
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
    for (int i = 0, position = 1; i < id.length(); position++) {
      int c = id.codePointAt(i);
      String kind = invisible(c);
      if (kind != null) {
        throw ApiError.invalid(String.format("'%s' must not contain %s (U+%04X at character %d)",
            name, kind, c, position));
      }
      i += Character.charCount(c);
    }
    // utf8mb4_bin is a PAD SPACE collation (MySQL 8, MariaDB, TiDB): the database compares
    // 'a ' and 'a' as equal, so the service would take them for two players that are one row.
    // Leading whitespace is refused too: it is as invisible, and one rule is easier to state.
    if (whitespace(id.codePointAt(0)) || whitespace(id.codePointBefore(id.length()))) {
      throw ApiError.invalid("'" + name + "' must not begin or end with whitespace: the database "
          + "ignores trailing spaces when it compares ids");
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

  /**
   * What is wrong with a character no id may hold, or null when it may. Refused:
   * <ul>
   *   <li>controls (Cc: NUL, tab, newline, DEL...), which break logs, paths and terminals;
   *   <li>format characters (Cf: zero-width spaces, BOM, bidi overrides), which are invisible, so
   *       that two ids would look the same or one would display as another; RFC 8264 (PRECIS)
   *       identifiers refuse them too. The cost: emoji sequences joined with U+200D (family
   *       emoji) or tags (subdivision flags) are refused; single emoji and country flags are not;
   *   <li>line and paragraph separators (Zl, Zp), line breaks to logs and to JavaScript;
   *   <li>unpaired surrogates (Cs), which utf8mb4 cannot store: the driver writes '?' in their
   *       place, so the id U+D800 would be the player "?".
   * </ul>
   * Private-use and unassigned code points are allowed: they are not used to hide text, and
   * refusing unassigned ones would make an id's validity change with the JDK's Unicode version.
   */
  private static String invisible(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL -> "a control character";
      case Character.FORMAT -> "an invisible format character";
      case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "a line separator";
      case Character.SURROGATE -> "an unpaired surrogate";
      default -> null;
    };
  }

  /** Unicode White_Space: Java's isWhitespace leaves out the no-break spaces (U+00A0 ...). */
  private static boolean whitespace(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
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
