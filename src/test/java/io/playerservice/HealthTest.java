package io.playerservice;

import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.support.ApiTest;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /health/live} and {@code /health/ready}, before and after the database goes away. */
class HealthTest extends ApiTest {

  @Test
  void aHealthyServiceIsLiveAndReady() {
    var live = service.get("/health/live");
    var ready = service.get("/health/ready");

    assertEquals(200, live.statusCode());
    assertEquals("UP", live.bodyAsJsonObject().getString("outcome"));
    assertEquals(200, ready.statusCode());
    assertEquals("UP", ready.bodyAsJsonObject().getString("outcome"));
  }

  @Test
  void withoutItsDatabaseTheServiceIsLiveButNotReady() {
    try (EmbeddedMariaDb doomed = EmbeddedMariaDb.start("test");
         ServiceUnderTest alone = ServiceUnderTest.start(settings(doomed))) {
      assertEquals(200, alone.get("/health/ready").statusCode());

      doomed.stop();

      long start = System.nanoTime();
      var ready = alone.get("/health/ready");
      assertEquals(503, ready.statusCode());
      assertEquals("DOWN", ready.bodyAsJsonObject().getString("outcome"));
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "readiness answers within its timeout");
      assertEquals(200, alone.get("/health/live").statusCode(), "the process itself is still alive");
    }
  }

  private static JsonObject settings(EmbeddedMariaDb database) {
    JsonObject settings = database.applyTo(TestDatabase.config()).toJson();
    settings.remove("HTTP_PORT"); // keep the free port ServiceUnderTest picks
    return settings;
  }
}
