package io.playerservice.support;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients trading 1 good for 10 coins between random pairs of players {@code p0..pN-1}, for the
 * fault tests: they trade through a fault until some seconds after it is over, counting every
 * status, and those of requests sent once the service has had time to recover.
 */
public final class RandomTrades {
  private static final long BALANCE = 1_000_000;
  /** Requests sent this long after the fault ends must all succeed. */
  private static final long SETTLE_NANOS = 2_000_000_000L;
  /** How long the clients go on after the fault ends. */
  private static final long AFTER_NANOS = 5_000_000_000L;

  public final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  public final Map<Integer, LongAdder> afterRecovery = new ConcurrentHashMap<>();
  public final LongAccumulator slowestMs = new LongAccumulator(Math::max, 0);
  private final ServiceUnderTest service;
  private final int players;

  private RandomTrades(ServiceUnderTest service, int players) {
    this.service = service;
    this.players = players;
  }

  /** Creates the players, each with 1,000,000 coins and goods. */
  public static RandomTrades open(ServiceUnderTest service, int players) {
    for (int i = 0; i < players; i++) {
      service.post("/players", new JsonObject().put("id", "p" + i).put("coins", BALANCE).put("goods", BALANCE));
    }
    return new RandomTrades(service, players);
  }

  /**
   * Trades with {@code clients} clients until 5 s after {@code faultOverAt} is set (a
   * {@code System.nanoTime()}; 0 while the fault lasts), or a minute at most.
   */
  public void run(int clients, AtomicLong faultOverAt) {
    long start = System.nanoTime();
    Clients.run(clients, () -> {
      long over = faultOverAt.get();
      long now = System.nanoTime();
      return over == 0 ? now - start < 60_000_000_000L : now - over < AFTER_NANOS;
    }, client -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int seller = random.nextInt(players);
      int buyer = (seller + 1 + random.nextInt(players - 1)) % players;
      JsonObject trade = new JsonObject().put("sellId", "p" + seller).put("buyId", "p" + buyer)
          .put("amount", 1).put("price", 10);
      long sentAt = System.nanoTime();
      return service.postAsync("/trades", trade).compose(response -> {
        slowestMs.accumulate((System.nanoTime() - sentAt) / 1_000_000);
        statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
        long over = faultOverAt.get();
        if (over != 0 && sentAt > over + SETTLE_NANOS) {
          afterRecovery.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
        }
        // A client told to come back later waits a little, as Retry-After asks.
        return response.statusCode() >= 500 ? service.vertx.timer(100) : Future.succeededFuture();
      });
    });
  }

  /** Every coin and good is still there, and no balance is negative. */
  public void assertBooksBalance() {
    JsonArray table = service.allPlayers();
    assertEquals(players * BALANCE, Ledger.sum(table, "coins"), "coins conserved");
    assertEquals(players * BALANCE, Ledger.sum(table, "goods"), "goods conserved");
    assertTrue(Ledger.min(table, "coins") >= 0 && Ledger.min(table, "goods") >= 0, "no negative balance");
  }
}
