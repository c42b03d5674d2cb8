package io.playerservice;

import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.support.FaultScript;
import io.playerservice.support.Processes;
import io.playerservice.support.RandomTrades;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database hangs (SIGSTOP: sockets open, no answers) while trades run. Every request is
 * answered within its deadline: 503 {@code /problems/unavailable} when it never got a connection
 * (never connection-lost: no connection broke), 504 ("outcome unknown")
 * when the database went quiet mid-request. Readiness says 503. When the database thaws,
 * trading recovers and the books balance, including the trades whose answer was a 504.
 */
class DatabaseHangTest {
  /** Long enough that a connection wait (half of it) outlasts the readiness check's 2 s. */
  private static final int TIMEOUT_MS = 5000;

  @Test
  void aHungDatabaseGetsBoundedAnswersAndTheBooksBalanceAfterwards() throws Exception {
    try (EmbeddedMariaDb database = EmbeddedMariaDb.start("test")) {
      JsonObject settings = ServiceUnderTest.settingsFor(database)
          .put("REQUEST_TIMEOUT_MS", TIMEOUT_MS).put("DB_POOL_SIZE", 4);
      ProcessHandle server = Processes.mariadbd(settings.getInteger("TIDB_PORT"));
      try (ServiceUnderTest service = ServiceUnderTest.start(settings)) {
        RandomTrades trades = RandomTrades.open(service, 5);
        AtomicLong thawedAt = new AtomicLong(); // 0 until the database runs again
        AtomicLong readyWhileFrozen = new AtomicLong(-1);
        try (FaultScript hang = FaultScript.start(() -> {
          Sleep.millis(1500);
          Processes.freeze(server);
          Sleep.millis(1000);
          readyWhileFrozen.set(service.getAsync("/health/ready").await().statusCode());
          Sleep.millis(TIMEOUT_MS); // long enough for requests caught mid-flight to reach their deadline
          Processes.thaw(server);
          thawedAt.set(System.nanoTime());
        })) {
          trades.run(8, thawedAt);
        }
        LoggerFactory.getLogger(DatabaseHangTest.class).info("statuses {} ({}); slowest answer {} ms; after the thaw {}",
            trades.statuses, trades.failures, trades.slowestMs.get(), trades.afterRecovery);

        assertTrue(Set.of(200, 503, 504).containsAll(trades.statuses.keySet()),
            "only 200, 503 and 504: " + trades.statuses);
        // No connection broke: a 503 is a wait for a connection that never reached the database.
        assertTrue(Set.of("503 /problems/unavailable", "504 /problems/timeout").containsAll(trades.failures.keySet()),
            "503s say nothing changed, never connection-lost: " + trades.failures);
        assertTrue(trades.statuses.containsKey(504), "requests caught by the hang were answered 504: " + trades.statuses);
        assertTrue(trades.slowestMs.get() < TIMEOUT_MS + 1000,
            "no answer took much past the deadline: " + trades.slowestMs.get() + " ms");
        assertEquals(503, readyWhileFrozen.get(), "not ready while the database hangs");
        assertEquals(Set.of(200), trades.afterRecovery.keySet(), "2 s after the thaw, all succeed: " + trades.afterRecovery);
        trades.assertBooksBalance();
      } finally {
        Processes.thaw(server); // never leave a stopped server behind a failed assertion
      }
    }
  }
}
