package io.playerservice;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playerservice.config.ServiceConfig;
import io.playerservice.metrics.Metrics;
import io.playerservice.support.ApiTest;
import io.playerservice.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.playerservice.support.ServiceUnderTest.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics}: Prometheus text with Vert.x's meters and the trade counters. */
@ExtendWith(VertxExtension.class)
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

  /**
   * An embedder's own Vert.x, built without metrics (VertxExtension's, closed after the test): the
   * service's meters still go to the registry it is given, of whatever kind; {@code /metrics} is
   * routed only for a Prometheus one.
   */
  @Test
  void anEmbeddersVertxGetsTheServicesMetersInTheRegistryItPasses(Vertx vertx) {
    service.post("/players", player("s", 0, 10));
    service.post("/players", player("b", 100, 0));
    var prometheus = Metrics.newRegistry();
    var simple = new SimpleMeterRegistry();
    ServiceConfig scraped = TestDatabase.config().withHttpPort(freePort());
    ServiceConfig counted = TestDatabase.config().withHttpPort(freePort());
    vertx.deployVerticle(new PlayerServiceVerticle(scraped, prometheus)).await();
    vertx.deployVerticle(new PlayerServiceVerticle(counted, simple)).await();
    WebClient http = WebClient.create(vertx);
    assertEquals(200, http.post(scraped.httpPort(), "localhost", "/trades")
        .sendJsonObject(trade("s", "b", 1, 10)).await().statusCode());
    assertEquals(200, http.post(counted.httpPort(), "localhost", "/trades")
        .sendJsonObject(trade("s", "b", 1, 10)).await().statusCode());

    String text = http.get(scraped.httpPort(), "localhost", "/metrics").send().await().bodyAsString();
    assertTrue(text.lines().anyMatch(line -> line.equals("trades_total{outcome=\"ok\"} 1.0")), text);
    assertFalse(text.contains("vertx_http_server_requests_total"), "Vert.x's own meters need a Vert.x built with them");
    assertEquals(1.0, simple.get("trades").tag("outcome", "ok").counter().count());
    assertEquals(404, http.get(counted.httpPort(), "localhost", "/metrics").send().await().statusCode());
  }
}
