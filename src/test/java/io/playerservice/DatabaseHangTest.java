package io.playerservice;

import io.playerservice.db.EmbeddedMariaDb;
import io.playerservice.support.Clients;
import io.playerservice.support.Ledger;
import io.playerservice.support.Processes;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database hangs (SIGSTOP: sockets open, no answers) while trades run. Every request is
 * answered within its deadline: 503 when it never got a connection, 504 ("outcome unknown")
 * when the database went quiet mid-request. When it thaws, trading recovers and the books
 * balance, including the trades whose answer was a 504.
 */
class DatabaseHangTest {
  private static final int PLAYERS = 5;
  /** Long enough that a connection wait (half of it) outlasts the readiness check's 2 s. */
  private static final int TIMEOUT_MS = 5000;

  @Test
  void aHungDatabaseGetsBoundedAnswersAndTheBooksBalanceAfterwards() throws Exception {
    EmbeddedMariaDb database = EmbeddedMariaDb.start("test");
    JsonObject settings = database.applyTo(TestDatabase.config()).toJson()
        .put("REQUEST_TIMEOUT_MS", TIMEOUT_MS).put("DB_POOL_SIZE", 4);
    settings.remove("HTTP_PORT"); // keep the free port ServiceUnderTest picks
    ProcessHandle server = Processes.mariadbd(database.applyTo(TestDatabase.config()).dbPort());
    try (ServiceUnderTest service = ServiceUnderTest.start(settings)) {
      for (int i = 0; i < PLAYERS; i++) {
        service.post("/players", new JsonObject().put("id", "p" + i).put("coins", 1_000_000).put("goods", 1_000_000));
      }
      Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
      Map<Integer, LongAdder> afterThaw = new ConcurrentHashMap<>();
      LongAccumulator slowestMs = new LongAccumulator(Math::max, 0);
      long start = System.nanoTime();
      AtomicLong thawedAt = new AtomicLong(); // 0 until the database runs again
      AtomicLong readyWhileFrozen = new AtomicLong(-1);
      Thread hang = new Thread(() -> {
        sleep(1500);
        Processes.freeze(server);
        sleep(1000);
        readyWhileFrozen.set(service.getAsync("/health/ready").await().statusCode());
        sleep(TIMEOUT_MS); // long enough for requests caught mid-flight to reach their deadline
        Processes.thaw(server);
        thawedAt.set(System.nanoTime());
      });
      hang.start();

      Clients.run(8, () -> {
        long thawed = thawedAt.get();
        long now = System.nanoTime();
        return thawed == 0 ? now - start < 60_000_000_000L : now - thawed < 5_000_000_000L;
      }, client -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int seller = random.nextInt(PLAYERS);
        int buyer = (seller + 1 + random.nextInt(PLAYERS - 1)) % PLAYERS;
        JsonObject trade = new JsonObject().put("sellId", "p" + seller).put("buyId", "p" + buyer)
            .put("amount", 1).put("price", 10);
        long sentAt = System.nanoTime();
        return service.postAsync("/trades", trade).compose(response -> {
          slowestMs.accumulate((System.nanoTime() - sentAt) / 1_000_000);
          statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
          long thawed = thawedAt.get();
          if (thawed != 0 && sentAt > thawed + 2_000_000_000L) {
            afterThaw.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
          }
          return response.statusCode() >= 500 ? service.vertx.timer(100) : Future.succeededFuture();
        });
      });
      hang.join();
      LoggerFactory.getLogger(DatabaseHangTest.class).info("statuses {}; slowest answer {} ms; after the thaw {}",
          statuses, slowestMs.get(), afterThaw);

      assertTrue(Set.of(200, 503, 504).containsAll(statuses.keySet()), "only 200, 503 and 504: " + statuses);
      assertTrue(statuses.containsKey(504), "requests caught by the hang were answered 504: " + statuses);
      assertTrue(slowestMs.get() < TIMEOUT_MS + 1000, "no answer took much past the deadline: " + slowestMs.get() + " ms");
      assertEquals(503, readyWhileFrozen.get(), "not ready while the database hangs");
      assertEquals(Set.of(200), afterThaw.keySet(), "2 s after the thaw, all succeed: " + afterThaw);
      JsonArray table = service.allPlayers();
      assertEquals(PLAYERS * 1_000_000L, Ledger.sum(table, "coins"), "coins conserved");
      assertEquals(PLAYERS * 1_000_000L, Ledger.sum(table, "goods"), "goods conserved");
      assertTrue(Ledger.min(table, "coins") >= 0 && Ledger.min(table, "goods") >= 0);
    } finally {
      Processes.thaw(server); // never leave a stopped server behind a failed assertion
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
