package io.playerservice;

import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A database that is down when the service starts: it starts anyway, and recovers by itself. */
class DatabaseOutageTest {

  @Test
  void theServiceStartsWithoutItsDatabaseAnswers503AndRecoversWhenItReturns() {
    try (EmbeddedMariaDb database = EmbeddedMariaDb.start("test")) {
      JsonObject settings = ServiceUnderTest.settingsFor(database);
      database.stop();
      try (ServiceUnderTest service = ServiceUnderTest.start(settings)) {
        assertEquals(503, service.get("/health/ready").statusCode(), "not ready without its database");
        assertEquals(200, service.get("/health/live").statusCode());
        var unavailable = service.get("/players/count");
        assertProblem(unavailable, 503);
        assertEquals("1", unavailable.getHeader("Retry-After"));
        assertProblem(service.post("/players", "{\"id\":\"x\",\"coins\":1,\"goods\":1}"), 503);

        database.restart();

        // No restart of the service: within seconds it is ready (the database answers and the
        // migrations have run) and the table exists. Until then data requests answer 503 (or 200
        // once the tables exist, a moment before Flyway has recorded them), never 500.
        await("the service is ready again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
            .until(() -> {
              int status = service.get("/players/count").statusCode();
              assertTrue(status == 503 || status == 200, "GET /players/count answered " + status);
              return service.get("/health/ready").statusCode() == 200;
            });
        assertEquals(200, service.get("/players/count").statusCode());
        assertEquals(201, service.post("/players", "{\"id\":\"x\",\"coins\":1,\"goods\":1}").statusCode());
        assertEquals(1, service.count());
      }
    }
  }
}
