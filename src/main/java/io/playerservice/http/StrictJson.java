package io.playerservice.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.playerservice.error.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * Parses a request body into the values {@code Json.decodeValue} gives ({@link JsonObject},
 * {@link JsonArray}, String, Integer/Long/BigInteger, Double, Boolean, null), but refuses an
 * object that names a key twice, at any depth. Vert.x keeps the last value silently, so
 * {@code {"coins":1,"coins":100}} meant 100 here, and may mean 1 to a gateway or an audit log
 * whose parser keeps the first.
 */
final class StrictJson {
  /** Vert.x's own factory is not public. Thread-safe and built once; a request costs one parser. */
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private StrictJson() {
  }

  /** The body's one JSON value, or a 400 saying why there is none. */
  static Object parse(Buffer body) {
    try (JsonParser parser = FACTORY.createParser(body.getBytes())) {
      if (parser.nextToken() == null) {
        throw ApiError.invalid("the body is not valid JSON");
      }
      Object value = value(parser);
      if (parser.nextToken() != null) {
        throw ApiError.invalid("the body is not valid JSON: more follows its value");
      }
      return value;
    } catch (DuplicateKey e) {
      throw ApiError.invalid(e.detail());
    } catch (IOException e) { // Jackson's messages quote the input and its internals: not sent
      throw ApiError.invalid("the body is not valid JSON");
    }
  }

  /** The value at the current token; numbers are as Vert.x's own codec reads them. */
  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new JsonParseException(parser, "unexpected end of input");
    }
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(parser, "unexpected token " + token);
    };
  }

  /**
   * Checked here rather than with Jackson's STRICT_DUPLICATE_DETECTION, which fails like any
   * syntax error, so the detail could name the key only by reading Jackson's message.
   */
  private static JsonObject object(JsonParser parser) throws IOException {
    JsonObject object = new JsonObject();
    for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
      if (object.containsKey(key)) {
        throw new DuplicateKey(key);
      }
      parser.nextToken();
      try {
        object.put(key, value(parser));
      } catch (DuplicateKey e) {
        throw e.in(key);
      }
    }
    return object;
  }

  private static JsonArray array(JsonParser parser) throws IOException {
    JsonArray array = new JsonArray();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      try {
        array.add(value(parser));
      } catch (DuplicateKey e) {
        throw e.in(String.valueOf(array.size()));
      }
    }
    return array;
  }

  /**
   * A key named twice, with the JSON Pointer (RFC 6901) of the object holding it, built as the
   * failure unwinds so that a body without duplicates pays nothing for it.
   */
  private static final class DuplicateKey extends RuntimeException {
    private final String key;
    private final StringBuilder pointer = new StringBuilder();

    DuplicateKey(String key) {
      super(null, null, false, false);
      this.key = key;
    }

    DuplicateKey in(String parent) {
      pointer.insert(0, '/' + parent.replace("~", "~0").replace("/", "~1"));
      return this;
    }

    String detail() {
      return "duplicate key '" + key + "'" + (pointer.isEmpty() ? "" : " in the object at " + pointer)
          + ": a JSON object may name each key only once";
    }
  }
}
