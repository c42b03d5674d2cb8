package io.playerservice;

import io.playerservice.db.EmbeddedMariaDb;
import io.playerservice.support.Clients;
import io.playerservice.support.Ledger;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database stops and comes back while trades run: requests get 503 (never 500, never a
 * hang), the service recovers without a restart, and no trade is lost half-done.
 */
class DatabaseCrashTest {
  private static final int PLAYERS = 5;

  @Test
  void tradesAcrossADatabaseRestartConserveEverything() throws Exception {
    EmbeddedMariaDb database = EmbeddedMariaDb.start("test");
    JsonObject settings = database.applyTo(TestDatabase.config()).toJson();
    settings.remove("HTTP_PORT"); // keep the free port ServiceUnderTest picks
    try (ServiceUnderTest service = ServiceUnderTest.start(settings)) {
      for (int i = 0; i < PLAYERS; i++) {
        service.post("/players", new JsonObject().put("id", "p" + i).put("coins", 1_000_000).put("goods", 1_000_000));
      }
      Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
      Map<Integer, LongAdder> afterRestart = new ConcurrentHashMap<>();
      long start = System.nanoTime();
      AtomicLong restartedAt = new AtomicLong(); // 0 until the database is back
      Thread crash = new Thread(() -> {
        sleep(1500);
        database.stop();
        sleep(1500);
        database.restart();
        restartedAt.set(System.nanoTime());
      });
      crash.start();

      // Trade until 5 s after the database is back (at most a minute in all).
      Clients.run(16, () -> {
        long restarted = restartedAt.get();
        long now = System.nanoTime();
        return restarted == 0 ? now - start < 60_000_000_000L : now - restarted < 5_000_000_000L;
      }, client -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int seller = random.nextInt(PLAYERS);
        int buyer = (seller + 1 + random.nextInt(PLAYERS - 1)) % PLAYERS;
        JsonObject trade = new JsonObject().put("sellId", "p" + seller).put("buyId", "p" + buyer)
            .put("amount", 1).put("price", 10);
        long sentAt = System.nanoTime();
        return service.postAsync("/trades", trade).compose(response -> {
          statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
          long restarted = restartedAt.get();
          if (restarted != 0 && sentAt > restarted + 2_000_000_000L) {
            afterRestart.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
          }
          // A client told to come back later waits a little, as Retry-After asks.
          return response.statusCode() == 503 ? service.vertx.timer(100) : Future.succeededFuture();
        });
      });
      crash.join();

      assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 503),
          "only successes and 503s: " + statuses);
      assertTrue(statuses.containsKey(503), "the outage was seen: " + statuses);
      assertEquals(Set.of(200), afterRestart.keySet(), "2 s after the database is back, all succeed: " + afterRestart);
      JsonArray table = service.allPlayers();
      assertEquals(PLAYERS * 1_000_000L, Ledger.sum(table, "coins"), "coins conserved");
      assertEquals(PLAYERS * 1_000_000L, Ledger.sum(table, "goods"), "goods conserved");
      assertTrue(Ledger.min(table, "coins") >= 0 && Ledger.min(table, "goods") >= 0);
    } finally {
      database.stop();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
