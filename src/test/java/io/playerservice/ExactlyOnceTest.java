package io.playerservice;

import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.support.FaultScript;
import io.playerservice.support.Processes;
import io.playerservice.support.RandomTrades;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trades with an Idempotency-Key each, retried with the same key on every 5xx, while the
 * database is killed (SIGKILL) or frozen (SIGSTOP): afterwards every key that got a 200 has
 * exactly one ledger row, no other key has any, and every balance equals its start plus its
 * ledger movements. Trades answered 503 or 504 mid-fault are the point: some of them committed.
 */
class ExactlyOnceTest {
  private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceTest.class);

  @Test
  void keyedTradesAcrossAKilledDatabaseHappenExactlyOnce() throws Exception {
    try (EmbeddedMariaDb database = EmbeddedMariaDb.start("test")) {
      JsonObject settings = ServiceUnderTest.settingsFor(database);
      int port = settings.getInteger("TIDB_PORT");
      try (ServiceUnderTest service = ServiceUnderTest.start(settings)) {
        RandomTrades trades = RandomTrades.openKeyed(service, 5);
        AtomicLong restartedAt = new AtomicLong();
        try (FaultScript crash = FaultScript.start(() -> {
          Sleep.millis(1500);
          Processes.kill(Processes.mariadbd(port));
          Sleep.millis(1000);
          database.restart(); // InnoDB recovers: what committed stays, the rest rolls back
          restartedAt.set(System.nanoTime());
        })) {
          trades.run(16, restartedAt);
        }
        trades.finishPending();
        LOG.info("kill -9: statuses {}; {} keys traded, {} answers replayed", trades.statuses,
            trades.tradeIdOfKey.size(), trades.replays);

        assertTrue(trades.statuses.keySet().stream().anyMatch(status -> status >= 500), "the crash was seen");
        assertTrue(Set.of(200, 503, 504).containsAll(trades.statuses.keySet()), "never a 500: " + trades.statuses);
        trades.assertLedgerMatches();
        trades.assertBooksBalance();
      }
    }
  }

  @Test
  void aTradeAnswered504WhileTheDatabaseWasFrozenIsRetriedWithItsKeyAndHappensOnce() throws Exception {
    try (EmbeddedMariaDb database = EmbeddedMariaDb.start("test")) {
      // Connections silent for the freeze are not closed as dead, so the trades it caught finish at the thaw.
      JsonObject settings = ServiceUnderTest.settingsFor(database).put("REQUEST_TIMEOUT_MS", 2000)
          .put("DB_SOCKET_TIMEOUT_MS", 10_000);
      ProcessHandle server = Processes.mariadbd(settings.getInteger("TIDB_PORT"));
      try (ServiceUnderTest service = ServiceUnderTest.start(settings)) {
        RandomTrades trades = RandomTrades.openKeyed(service, 5);
        AtomicLong thawedAt = new AtomicLong();
        try (FaultScript hang = FaultScript.start(() -> {
          Sleep.millis(1500);
          Processes.freeze(server);
          Sleep.millis(3000); // past the deadline: the trades caught mid-flight are answered 504
          Processes.thaw(server);
          thawedAt.set(System.nanoTime());
        })) {
          trades.run(8, thawedAt);
        }
        trades.finishPending();
        LOG.info("SIGSTOP: statuses {}; {} keys traded, {} answers replayed", trades.statuses,
            trades.tradeIdOfKey.size(), trades.replays);

        assertTrue(trades.statuses.containsKey(504), "some trades were answered 504: " + trades.statuses);
        assertTrue(Set.of(200, 503, 504).containsAll(trades.statuses.keySet()), "never a 500: " + trades.statuses);
        assertTrue(trades.replays.sum() > 0, "a retry found its trade committed after the thaw, and replayed it");
        trades.assertLedgerMatches();
        trades.assertBooksBalance();
      } finally {
        Processes.thaw(server);
      }
    }
  }
}
