package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.support.Clients;
import io.playerservice.support.Ledger;
import io.playerservice.support.Locks;
import io.playerservice.support.ProblemAssertions;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Money is sacred: many concurrent trades over a few hot players, in both directions, with and
 * without a foreign writer locking in the seed's order, must conserve every coin and good, never
 * drive a balance negative, never answer 5xx, and move exactly what the successes report.
 */
class TradeContentionTest extends ApiTest {
  private static final int HOT = 10;
  private final Ledger ledger = new Ledger();

  private void openHotPlayers(int coins, int goods) {
    for (int i = 0; i < HOT; i++) {
      String id = "hot" + i;
      assertEquals(201, service.post("/players",
          new JsonObject().put("id", id).put("coins", coins).put("goods", goods)).statusCode());
      ledger.open(id, coins, goods);
    }
  }

  /** A random trade between two distinct hot players; either may sort first. */
  private Future<Integer> randomTrade(int maxAmount, int maxPrice, Map<Integer, LongAdder> statuses) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int seller = random.nextInt(HOT);
    int buyer = (seller + 1 + random.nextInt(HOT - 1)) % HOT;
    int amount = 1 + random.nextInt(maxAmount);
    int price = random.nextInt(maxPrice + 1);
    JsonObject trade = new JsonObject().put("sellId", "hot" + seller).put("buyId", "hot" + buyer)
        .put("amount", amount).put("price", price);
    return service.postAsync("/trades", trade).map(response -> {
      statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
      if (response.statusCode() == 200) {
        ledger.trade("hot" + seller, "hot" + buyer, amount, price);
      }
      return response.statusCode();
    });
  }

  private void assertTheBooksBalance(long coins, long goods) {
    JsonArray table = service.allPlayers();
    assertEquals(coins, Ledger.sum(table, "coins"), "total coins are conserved");
    assertEquals(goods, Ledger.sum(table, "goods"), "total goods are conserved");
    assertTrue(Ledger.min(table, "coins") >= 0, "no coin balance is negative");
    assertTrue(Ledger.min(table, "goods") >= 0, "no goods balance is negative");
    assertEquals(ledger.expected(), table, "the table moved exactly as the successful trades say");
  }

  @Test
  void concurrentTradesConserveEverythingAndRejectionsMoveNothing() {
    // Small balances: many trades find a seller short of goods or a buyer short of coins.
    openHotPlayers(200, 20);
    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    AtomicInteger remaining = new AtomicInteger(2000);

    Clients.run(32, () -> remaining.getAndDecrement() > 0, client -> randomTrade(5, 60, statuses));

    assertEquals(Set.of(200, 409), statuses.keySet(), "successes and refusals, nothing else: " + statuses);
    assertEquals(2000, count(statuses, 200) + count(statuses, 409));
    assertTheBooksBalance(HOT * 200L, HOT * 20L);
  }

  @Test
  void sixtyFourClientsAndAForeignSeedOrderWriterForTenSecondsLoseNothing() {
    // Balances large enough that no trade is refused: every HTTP trade must succeed.
    openHotPlayers(100_000_000, 100_000_000);
    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + 10_000_000_000L;
    AtomicBoolean running = new AtomicBoolean(true);
    ForeignWriter foreign = new ForeignWriter(service.database(), ledger);

    Future<Void> foreignLoops = Future.all(foreign.run(running), foreign.run(running)).mapEmpty();
    Clients.run(64, () -> System.nanoTime() < deadline, client -> randomTrade(3, 30, statuses));
    running.set(false);
    foreignLoops.await();

    assertEquals(Set.of(200), statuses.keySet(), "every HTTP trade succeeded: " + statuses);
    assertTrue(count(statuses, 200) > 1000, "the clients traded: " + statuses);
    assertTrue(foreign.committed.sum() > 0, "the foreign writer committed trades too");
    assertTheBooksBalance(HOT * 100_000_000L, HOT * 100_000_000L);
  }

  @Test
  void aDeadlockWithAnotherWriterIsRetriedToSuccess() {
    openHotPlayers(1000, 1000);
    double retries = service.metric("trade_retries_total{code=\"1213\"}");

    var response = tradeIntoADeadlock(service);

    // The other writer got both locks, so the service's first attempt was the victim; a 200
    // can only come from running the whole transaction again.
    assertEquals(200, response.statusCode(), response::bodyAsString);
    assertTrue(service.metric("trade_retries_total{code=\"1213\"}") >= retries + 1, "the retry was counted");
    ledger.trade("hot0", "hot1", 1, 10);
    assertTheBooksBalance(HOT * 1000L, HOT * 1000L);
  }

  @Test
  void whenRetriesRunOutTheTradeIs503WithRetryAfterAndChangesNothing() {
    openHotPlayers(1000, 1000);
    try (ServiceUnderTest noRetry = ServiceUnderTest.start(new JsonObject().put("TRADE_MAX_ATTEMPTS", 1))) {
      var response = tradeIntoADeadlock(noRetry);

      var problem = ProblemAssertions.assertProblem(response, 503);
      assertEquals("1", response.getHeader("Retry-After"));
      assertEquals("the database is busy; try again shortly", problem.getString("detail"));
    }
    assertTheBooksBalance(HOT * 1000L, HOT * 1000L);
  }

  /**
   * Sends a trade hot0 → hot1 through {@code target} and makes it the victim of a deadlock with
   * another transaction, which inserts a row ('weight', which the ledger records) and commits.
   */
  private HttpResponse<Buffer> tradeIntoADeadlock(ServiceUnderTest target) {
    Pool database = service.database();
    SqlConnection other = database.getConnection().await();
    try {
      var tx = other.begin().await();
      // Make the other transaction the heavier one (it has written a row), so that the
      // database picks the service's transaction as the deadlock victim.
      other.query("INSERT INTO player (id, coins, goods) VALUES ('weight', 0, 0)").execute().await();
      other.query("SELECT * FROM player WHERE id = 'hot1' FOR UPDATE").execute().await();

      // The service locks hot0, then waits for hot1, which the other transaction holds.
      var trade = target.postAsync("/trades",
          new JsonObject().put("sellId", "hot0").put("buyId", "hot1").put("amount", 1).put("price", 10));
      Locks.awaitBlockedTrade(database);

      // Closing the cycle: the database rolls back the service's transaction (error 1213).
      other.query("SELECT * FROM player WHERE id = 'hot0' FOR UPDATE").execute().await();
      tx.commit().await();
      ledger.open("weight", 0, 0);
      return trade.await();
    } finally {
      other.close().await();
    }
  }

  private static long count(Map<Integer, LongAdder> statuses, int status) {
    LongAdder adder = statuses.get(status);
    return adder == null ? 0 : adder.sum();
  }

  /**
   * Another application trading the same rows the seed's way: lock the seller, then the buyer,
   * in two statements, so it can deadlock with the service. It never retries; its victims
   * simply roll back.
   */
  private static final class ForeignWriter {
    private final Pool database;
    private final Ledger ledger;
    final LongAdder committed = new LongAdder();

    ForeignWriter(Pool database, Ledger ledger) {
      this.database = database;
      this.ledger = ledger;
    }

    Future<Void> run(AtomicBoolean running) {
      Promise<Void> done = Promise.promise();
      loop(running, done);
      return done.future();
    }

    private void loop(AtomicBoolean running, Promise<Void> done) {
      if (!running.get()) {
        done.complete();
        return;
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      String seller = "hot" + random.nextInt(HOT);
      String buyer = "hot" + ((Integer.parseInt(seller.substring(3)) + 1 + random.nextInt(HOT - 1)) % HOT);
      String lock = "SELECT coins, goods FROM player WHERE id = ? FOR UPDATE";
      String move = "UPDATE player SET goods = goods + ?, coins = coins + ? WHERE id = ?";
      database.withTransaction(conn -> conn.preparedQuery(lock).execute(Tuple.of(seller))
              .compose(v -> conn.preparedQuery(lock).execute(Tuple.of(buyer)))
              .compose(v -> conn.preparedQuery(move).execute(Tuple.of(-1, 10, seller)))
              .compose(v -> conn.preparedQuery(move).execute(Tuple.of(1, -10, buyer))))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              committed.increment();
              ledger.trade(seller, buyer, 1, 10);
            }
            loop(running, done); // a deadlock victim just rolls back; the seed never retries
          });
    }
  }
}
