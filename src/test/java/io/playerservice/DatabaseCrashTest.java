package io.playerservice;

import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.support.FaultScript;
import io.playerservice.support.RandomTrades;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database stops and comes back while trades run: requests get 503 (never 500, never a
 * hang), the service recovers without a restart, and no trade is lost half-done.
 */
class DatabaseCrashTest {

  @Test
  void tradesAcrossADatabaseRestartConserveEverything() throws Exception {
    try (EmbeddedMariaDb database = EmbeddedMariaDb.start("test")) {
      JsonObject settings = ServiceUnderTest.settingsFor(database);
      try (ServiceUnderTest service = ServiceUnderTest.start(settings)) {
        RandomTrades trades = RandomTrades.open(service, 5);
        AtomicLong restartedAt = new AtomicLong(); // 0 until the database is back
        try (FaultScript crash = FaultScript.start(() -> {
          Sleep.millis(1500);
          database.stop();
          Sleep.millis(1500);
          database.restart();
          restartedAt.set(System.nanoTime());
        })) {
          trades.run(16, restartedAt);
        }

        assertTrue(Set.of(200, 503).containsAll(trades.statuses.keySet()),
            "only successes and 503s: " + trades.statuses);
        assertTrue(trades.statuses.containsKey(503), "the outage was seen: " + trades.statuses);
        assertEquals(Set.of(200), trades.afterRecovery.keySet(),
            "2 s after the database is back, all succeed: " + trades.afterRecovery);
        trades.assertBooksBalance();
      }
    }
  }
}
