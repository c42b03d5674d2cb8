package io.playerservice;

import io.playerservice.bus.Addresses;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /players/count} without a scan per request: one COUNT in flight for every verticle
 * instance together, its answer reused for COUNT_MAX_AGE_MS and saying how old it is. The
 * statements are counted on the database's side.
 */
class PlayerCountTest {
  private static final String COUNT_SQL = "SELECT COUNT(*) FROM player";

  @Test
  void concurrentCountsOnEveryInstanceShareOneStatement() {
    int instances = 4;
    int clients = 32;
    try (ServiceUnderTest service = ServiceUnderTest.start(new JsonObject()
        .put("VERTICLE_INSTANCES", instances).put("COUNT_MAX_AGE_MS", 60_000))) {
      service.reset();
      for (String id : List.of("a", "b", "c")) {
        assertEquals(201, service.post("/players", player(id)).statusCode());
      }
      // LOCK TABLES holds every statement on player, so the COUNT stays in flight while all the
      // requests arrive: only sharing it, not a cache, can answer them with one statement.
      SqlConnection locker = service.database().getConnection().await();
      SqlConnection observer = service.database().getConnection().await();
      try {
        long before = comSelect(observer);
        locker.query("LOCK TABLES player WRITE").execute().await();
        // One connection each: the server hands new connections to its instances in turn.
        List<Future<HttpResponse<Buffer>>> counts = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          counts.add(service.getAsync("/players/count"));
        }
        awaitCountsInFlight(observer, 1);
        Sleep.millis(500); // every request has arrived by now and had the chance to send its own
        assertEquals(1, countsInFlight(observer), "one COUNT in flight for all the requests");
        assertTrue(counts.stream().noneMatch(Future::isComplete), "every request waits for that one");
        locker.query("UNLOCK TABLES").execute().await();

        for (Future<HttpResponse<Buffer>> count : counts) {
          HttpResponse<Buffer> response = count.await();
          assertEquals(200, response.statusCode());
          assertEquals(3, response.bodyAsJsonObject().getLong("count"));
          assertEquals("max-age=60", response.getHeader("Cache-Control"));
        }
        assertEquals(1, comSelect(observer) - before, "the database ran exactly one SELECT for " + clients + " counts");
      } finally {
        locker.query("UNLOCK TABLES").execute().await();
        locker.close().await();
        observer.close().await();
      }
    }
  }

  @Test
  void aNewPlayerShowsInTheCountOnlyAfterTheWindow() {
    try (ServiceUnderTest service = ServiceUnderTest.start(new JsonObject()
        .put("VERTICLE_INSTANCES", 2).put("COUNT_MAX_AGE_MS", 2000))) {
      service.reset();
      long start = System.nanoTime();
      HttpResponse<Buffer> first = service.get("/players/count");
      assertEquals(0, first.bodyAsJsonObject().getLong("count"));
      assertEquals("0", first.getHeader("Age"));
      assertEquals("max-age=2", first.getHeader("Cache-Control"));
      assertEquals(201, service.post("/players", player("new")).statusCode());

      // Counted after `start`, so the answer serves every request until start + 2 s at least.
      long seenAfterMs;
      while (true) {
        long asked = millisSince(start);
        HttpResponse<Buffer> response = service.get("/players/count");
        long age = Long.parseLong(response.getHeader("Age"));
        assertTrue(age <= 2, "Age " + age + " within max-age");
        assertEquals("max-age=2", response.getHeader("Cache-Control"));
        if (response.bodyAsJsonObject().getLong("count") == 1) {
          seenAfterMs = asked;
          assertEquals("0", response.getHeader("Age"), "a new count");
          break;
        }
        assertTrue(asked < 2000 + 1000, "the old count is reused beyond the window: asked at " + asked + " ms");
        Sleep.millis(50);
      }
      assertTrue(seenAfterMs >= 1950, "the new player was counted before the window ended: " + seenAfterMs + " ms");

      // The event bus shares the count and says the same.
      Message<Object> reply = service.vertx.eventBus().request(Addresses.PLAYERS_COUNT, new JsonObject()).await();
      assertEquals(1, ((JsonObject) reply.body()).getLong("count"));
      assertEquals("max-age=2", reply.headers().get("Cache-Control"));
      assertTrue(Long.parseLong(reply.headers().get("Age")) <= 2);
    }
  }

  @Test
  void withNoWindowEveryRequestCountsItsOwnWrites() {
    try (ServiceUnderTest service = ServiceUnderTest.start(new JsonObject().put("COUNT_MAX_AGE_MS", 0))) {
      service.reset();
      for (int i = 1; i <= 3; i++) {
        assertEquals(201, service.post("/players", player("p" + i)).statusCode());
        HttpResponse<Buffer> response = service.get("/players/count");
        assertEquals(i, response.bodyAsJsonObject().getLong("count"));
        assertEquals("max-age=0", response.getHeader("Cache-Control"));
      }
    }
  }

  private static JsonObject player(String id) {
    return new JsonObject().put("id", id).put("coins", 1).put("goods", 1);
  }

  /** SELECT statements the server has run (all sessions); SHOW is not one, so reading it adds none. */
  private static long comSelect(SqlConnection observer) {
    for (Row row : observer.query("SHOW GLOBAL STATUS LIKE 'Com_select'").execute().await()) {
      return Long.parseLong(row.getString(1));
    }
    throw new AssertionError("no Com_select status");
  }

  /** The service's COUNT statements running now, from SHOW PROCESSLIST (not a SELECT either). */
  private static long countsInFlight(SqlConnection observer) {
    long running = 0;
    for (Row row : observer.query("SHOW FULL PROCESSLIST").execute().await()) {
      if (COUNT_SQL.equals(row.getString("Info"))) {
        running++;
      }
    }
    return running;
  }

  private static void awaitCountsInFlight(SqlConnection observer, long expected) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (countsInFlight(observer) < expected) {
      assertFalse(System.currentTimeMillis() > deadline, "no COUNT reached the database");
      Sleep.millis(20);
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
