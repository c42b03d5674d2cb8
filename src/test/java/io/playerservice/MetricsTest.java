package io.playerservice;

import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics}: Prometheus text with Vert.x's meters and the trade counters. */
class MetricsTest extends ApiTest {

  private static JsonObject trade(String sellId, String buyId, int amount, int price) {
    return new JsonObject().put("sellId", sellId).put("buyId", buyId).put("amount", amount).put("price", price);
  }

  @Test
  void tradesAreCountedByOutcomeNextToVertxsOwnMeters() {
    service.post("/players", player("s", 0, 10));
    service.post("/players", player("b", 100, 0));
    double ok = service.metric("trades_total{outcome=\"ok\"}");
    double rejected = service.metric("trades_total{outcome=\"rejected\"}");

    assertEquals(200, service.post("/trades", trade("s", "b", 1, 10)).statusCode());
    assertEquals(200, service.post("/trades", trade("s", "b", 1, 10)).statusCode());
    assertEquals(409, service.post("/trades", trade("s", "b", 100, 10)).statusCode());
    assertEquals(404, service.post("/trades", trade("ghost", "b", 1, 10)).statusCode());

    var response = service.get("/metrics");
    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("text/plain"), response.getHeader("Content-Type"));
    assertEquals(ok + 2, service.metric("trades_total{outcome=\"ok\"}"));
    assertEquals(rejected + 2, service.metric("trades_total{outcome=\"rejected\"}"));
    String text = response.bodyAsString();
    assertTrue(text.contains("vertx_http_server_requests_total"), "Vert.x's HTTP server meters");
    assertTrue(text.contains("vertx_pool_"), "the SQL pool's meters");
  }
}
