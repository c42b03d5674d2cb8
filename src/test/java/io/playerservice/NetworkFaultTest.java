package io.playerservice;

import io.playerservice.config.ServiceConfig;
import io.playerservice.db.Database;
import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.support.FaultProxy;
import io.playerservice.support.FaultScript;
import io.playerservice.support.RandomTrades;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Network faults between the service and its database, made by a proxy between them
 * ({@link FaultProxy}), while 16 clients trade, each trade with an Idempotency-Key of its own and
 * sent again with it after a 5xx. After each fault: every key answered 200 has exactly one ledger
 * row and no other key has one, every balance equals the ledger and nothing was created or lost,
 * a request sent after the fault ended is answered 200 within 5 s of its end, and the service
 * holds no more connections than its pools, at the database or at the proxy. During the fault
 * every answer is 200, 503 or 504, and one that does not say nothing changed says how to learn
 * the outcome.
 */
class NetworkFaultTest {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkFaultTest.class);
  /** A deadline that the 10 s partition outlasts five times, so that a test takes seconds. */
  private static final int SHORT_TIMEOUT_MS = 2000;
  private static final int CLIENTS = 16;
  /** The connections of the database's user other than the asking one: the service's. */
  private static final String SERVICE_CONNECTIONS = "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
      + " WHERE USER = SUBSTRING_INDEX(USER(), '@', 1) AND ID <> CONNECTION_ID()";

  private static EmbeddedMariaDb database;
  private static Vertx vertx;
  /** A connection to the database past the proxy: the test's view of what the service holds there. */
  private static Pool direct;

  @BeforeAll
  static void startDatabase() {
    database = EmbeddedMariaDb.start("test");
    vertx = Vertx.vertx();
    direct = MySQLBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(Database.connectOptions(ServiceConfig.fromJson(ServiceUnderTest.settingsFor(database))))
        .using(vertx).build();
  }

  @AfterAll
  static void stopDatabase() {
    vertx.close().await();
    database.close();
  }

  @AfterEach
  void emptyTables() {
    for (String table : new String[] {"player", "trade", "idempotency_key"}) {
      direct.query("DELETE FROM " + table).execute().await();
    }
  }

  @Test
  void aPartitionLongerThanTheDeadline() throws Exception {
    RandomTrades trades = trade(SHORT_TIMEOUT_MS, proxy -> {
      proxy.partition();
      Sleep.millis(10_000);
      proxy.heal();
    });
    assertTrue(trades.statuses.containsKey(504), "the trades caught by the partition were answered 504");
  }

  @Test
  void aResetOfEveryConnectionMidTransaction() throws Exception {
    RandomTrades trades = trade(SHORT_TIMEOUT_MS, proxy -> {
      for (int reset = 0; reset < 3; reset++) { // each catches the trades then in flight
        proxy.resetAll();
        Sleep.millis(500);
      }
    });
    assertTrue(trades.failures.containsKey("503 /problems/connection-lost"), "trades in flight lost their connection");
  }

  @Test
  void twoHundredMillisecondsOfLatencyEachWay() throws Exception {
    // The default deadline: a trade's half-dozen round trips take over 2 s at 400 ms each, the short one's whole.
    RandomTrades trades = trade(ServiceConfig.fromJson(new JsonObject()).requestTimeoutMs(), proxy -> {
      proxy.latency(200);
      Sleep.millis(5000);
      proxy.heal();
    });
    assertTrue(trades.slowestMs.get() >= 2 * 200, "a trade took a round trip at least: " + trades.slowestMs);
  }

  @Test
  void connectionsResetThenNewOnesAcceptedButTheirHandshakeNeverAnswered() throws Exception {
    RandomTrades trades = trade(SHORT_TIMEOUT_MS, proxy -> {
      proxy.acceptButNeverAnswer();
      proxy.resetAll();
      Sleep.millis(5000);
      proxy.heal();
    });
    assertTrue(trades.failureDetails.stream().anyMatch(failure -> failure.contains("no database connection became free")),
        "trades waited for a connection in vain");
  }

  @Test
  void theDatabaseGoneFromUnderOpenConnectionsWithoutAFin() throws Exception {
    RandomTrades trades = trade(SHORT_TIMEOUT_MS, FaultProxy::halfOpen);
    assertTrue(trades.statuses.containsKey(504), "the trades on the dead connections were answered 504");
  }

  /**
   * Trades through {@code fault}, which starts 1.5 s in and is over when it returns, until 5 s
   * after; then checks what the class says.
   */
  private static RandomTrades trade(int timeoutMs, Consumer<FaultProxy> fault) throws Exception {
    JsonObject settings = ServiceUnderTest.settingsFor(database);
    try (FaultProxy proxy = FaultProxy.to(settings.getString("TIDB_HOST"), settings.getInteger("TIDB_PORT"));
         ServiceUnderTest service = ServiceUnderTest.start(settings.put("TIDB_PORT", proxy.port())
             .put("REQUEST_TIMEOUT_MS", timeoutMs))) {
      // On a busy machine the start's first connection can outlast half the short deadline: the
      // service then starts unready and migrates a moment later.
      await("the service is ready").atMost(Duration.ofSeconds(30))
          .until(() -> service.get("/health/ready").statusCode() == 200);
      RandomTrades trades = RandomTrades.openKeyed(service, 5);
      AtomicLong faultOverAt = new AtomicLong();
      try (FaultScript script = FaultScript.start(() -> {
        Sleep.millis(1500);
        fault.accept(proxy);
        faultOverAt.set(System.nanoTime());
      })) {
        trades.run(CLIENTS, faultOverAt);
      }
      trades.finishPending();
      LOG.info("statuses {} ({}); slowest answer {} ms; first 200 {} ms after the fault; {} keys traded, {} answers"
          + " replayed; {}", trades.statuses, trades.failures, trades.slowestMs, trades.recoveredAfterMs,
          trades.tradeIdOfKey.size(), trades.replays, trades.failureDetails);

      assertTrue(Set.of(200, 503, 504).containsAll(trades.statuses.keySet()), "200, 503 or 504: " + trades.statuses);
      for (String failure : trades.failureDetails) {
        assertTrue(failure.startsWith("503 /problems/unavailable:")
                || failure.contains("retry with the same Idempotency-Key"),
            "a 503 that changed nothing, or one that says how to learn the outcome: " + failure);
      }
      assertTrue(trades.recoveredAfterMs.get() < 5000,
          "answered 200 within 5 s of the fault's end: " + trades.recoveredAfterMs.get() + " ms");
      trades.assertLedgerMatches();
      trades.assertBooksBalance();
      int pools = service.config.instances() * service.config.connectionsPerInstance() + 2; // 2: the deployment's own
      await("the service holds no more connections than its pools").atMost(Duration.ofSeconds(10))
          .until(() -> proxy.connections() <= pools && atTheDatabase() <= pools);
      return trades;
    }
  }

  private static long atTheDatabase() {
    return direct.query(SERVICE_CONNECTIONS).execute().await().iterator().next().getLong(0);
  }
}
