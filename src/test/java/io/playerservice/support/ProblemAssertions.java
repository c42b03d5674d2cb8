package io.playerservice.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on RFC 9457 problem responses. */
public final class ProblemAssertions {
  private ProblemAssertions() {
  }

  /**
   * The response is admission control's prebuilt 503: a problem document without the members
   * that differ per request, with {@code Retry-After}; returns it.
   */
  public static JsonObject assertShed(HttpResponse<Buffer> response) {
    String body = response.bodyAsString();
    assertEquals(503, response.statusCode(), () -> "unexpected status; body: " + body);
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    assertEquals("1", response.getHeader("Retry-After"));
    JsonObject problem = new JsonObject(body);
    assertEquals(Set.of("type", "title", "status", "detail"), problem.fieldNames(), body);
    assertEquals("/problems/unavailable", problem.getString("type"));
    assertEquals(503, problem.getInteger("status"));
    assertEquals("the service is overloaded; nothing was changed; try again shortly", problem.getString("detail"));
    return problem;
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
