package io.playerservice.idempotency;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a key was first used for: the SHA-256 of the operation and the request, parsed and written
 * back canonically (object members sorted by name), so the same fields in another order or with
 * other white space count as the same request, and anything else as a different one.
 */
public final class Fingerprint {
  private Fingerprint() {
  }

  /** {@code request} is the validated body: the same JSON over HTTP and the event bus. */
  public static Buffer of(String operation, Object request) {
    StringBuilder canonical = new StringBuilder(operation).append('\n');
    write(request, canonical);
    return IdempotencyKey.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      Map<String, Object> sorted = new TreeMap<>(object.getMap());
      out.append('{');
      String separator = "";
      for (Map.Entry<String, Object> member : sorted.entrySet()) {
        out.append(separator).append(Json.encode(member.getKey())).append(':');
        write(member.getValue(), out);
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof JsonArray array) {
      out.append('[');
      for (int i = 0; i < array.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(array.getValue(i), out);
      }
      out.append(']');
    } else {
      out.append(Json.encode(value));
    }
  }
}
