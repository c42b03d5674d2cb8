package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.support.LogCapture;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request ids in responses and logs; one DEBUG line per request, nothing at INFO. */
class RequestLogTest extends ApiTest {
  @RegisterExtension
  final LogCapture logs = new LogCapture();

  @Test
  void everyResponseCarriesAnIdAndACallersOwnIdIsKept() {
    String first = service.get("/players/count").getHeader("X-Request-Id");
    String second = service.get("/players/count").getHeader("X-Request-Id");
    assertTrue(first.matches("[0-9a-f]{16}"), first);
    assertNotEquals(first, second);

    var mine = service.client().get("/players/nobody").putHeader("X-Request-Id", "trace-42").send().await();
    assertEquals("trace-42", assertProblem(mine, 404).getString("requestId"));

    // Anything else is replaced rather than echoed into logs and JSON.
    var odd = service.client().get("/players/count").putHeader("X-Request-Id", "a b\"c").send().await();
    assertTrue(odd.getHeader("X-Request-Id").matches("[0-9a-f]{16}"), odd.getHeader("X-Request-Id"));
  }

  @Test
  void atInfoTheHotPathLogsNothing() {
    service.post("/players/bulk", "[{\"id\":\"s\",\"coins\":0,\"goods\":5},{\"id\":\"b\",\"coins\":9,\"goods\":0}]");
    assertEquals(200, service.post("/trades", trade("s", "b", 1, 2)).statusCode());
    assertEquals(200, service.get("/players/s").statusCode());
    assertProblem(service.post("/trades", trade("s", "b", 99, 2)), 409);
    assertEquals(List.of(), logs.lines());
  }

  @Test
  void atDebugEachRequestLogsOneLineWithItsId() {
    logs.requestLogAtDebug();
    var ok = service.get("/players/count");
    var bad = service.get("/players?limit=0");
    // A request's line is written when its response has ended, which may be just after the
    // client has read it.
    List<String> lines = await("a line for each request").atMost(Duration.ofSeconds(5)).ignoreExceptions()
        .until(logs::lines, written -> written.size() >= 2);
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("GET /players/count 200 \\d+ µs \\[" + ok.getHeader("X-Request-Id") + "]"),
        lines.get(0));
    assertTrue(lines.get(1).matches("GET /players\\?limit=0 400 \\d+ µs \\[" + bad.getHeader("X-Request-Id") + "]"),
        lines.get(1));
  }

  @Test
  void aServerSideFailureIsLoggedWithTheIdTheProblemReturns() throws Exception {
    try (ServiceUnderTest down = ServiceUnderTest.start(
        new JsonObject().put("TIDB_PORT", ServiceUnderTest.freePort()))) {
      Thread.sleep(1100); // 503s are logged at most once a second: let the last line's second pass
      logs.clear();
      var response = down.client().get("/players/count").putHeader("X-Request-Id", "outage-7").send().await();
      assertEquals("outage-7", assertProblem(response, 503).getString("requestId"));
      assertTrue(logs.lines().stream().anyMatch(line -> line.contains("GET /players/count [outage-7] answered 503: ")),
          logs.lines().toString());
      assertTrue(logs.lines().stream().noneMatch(line -> line.contains(down.config.dbPassword())));
    }
  }

  private static JsonObject trade(String sell, String buy, int amount, int price) {
    return new JsonObject().put("sellId", sell).put("buyId", buy).put("amount", amount).put("price", price);
  }
}
