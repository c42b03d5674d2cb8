package io.playerservice.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {
  private Problems() {
  }

  /** The response is a problem document with this status that leaks no internals; returns it. */
  public static JsonObject assertProblem(HttpResponse<Buffer> response, int status) {
    String body = response.bodyAsString();
    assertEquals(status, response.statusCode(), () -> "unexpected status; body: " + body);
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    JsonObject problem = new JsonObject(body);
    assertEquals(status, problem.getInteger("status"));
    assertTrue(problem.getString("type").startsWith("/problems/"), body);
    assertFalse(problem.getString("title").isBlank(), body);
    assertFalse(problem.getString("detail").isBlank(), body);
    assertEquals(response.getHeader("X-Request-Id"), problem.getString("requestId"), body);
    assertFalse(problem.getString("requestId").isBlank(), body);
    for (String leak : new String[] {"Exception", "\tat ", "SELECT", "INSERT", "UPDATE ", "DELETE FROM"}) {
      assertFalse(body.contains(leak), () -> "problem leaks '" + leak + "': " + body);
    }
    return problem;
  }
}
