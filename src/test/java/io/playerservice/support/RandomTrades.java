package io.playerservice.support;

import io.playerservice.loadtest.PlayerPair;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
  /** The 5xx answers by status and problem type, e.g. {@code "503 /problems/unavailable"}. */
  public final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  /** The distinct 5xx answers, as status, type and detail. */
  public final Set<String> failureDetails = ConcurrentHashMap.newKeySet();
  /** When the first 200 to a request sent after the fault came, in ms after the fault's end. */
  public final LongAccumulator recoveredAfterMs = new LongAccumulator(Math::min, Long.MAX_VALUE);
  /** Keyed trades: the trade id of every key that got a 200. */
  public final Map<String, String> tradeIdOfKey = new ConcurrentHashMap<>();
  /** Keyed trades answered with a stored answer: a retry of a trade that had committed. */
  public final LongAdder replays = new LongAdder();
  /** Keyed trades whose last answer was not final (5xx): the client sends them again, same key. */
  private final Map<Integer, KeyedTrade> pending = new ConcurrentHashMap<>();
  private final boolean keyed;
  public final Map<Integer, LongAdder> afterRecovery = new ConcurrentHashMap<>();
  public final LongAccumulator slowestMs = new LongAccumulator(Math::max, 0);
  private final ServiceUnderTest service;
  private final int players;

  private RandomTrades(ServiceUnderTest service, int players, boolean keyed) {
    this.service = service;
    this.players = players;
    this.keyed = keyed;
  }

  /** Creates the players, each with 1,000,000 coins and goods. */
  public static RandomTrades open(ServiceUnderTest service, int players) {
    return open(service, players, false);
  }

  /**
   * As {@link #open(ServiceUnderTest, int)}, but every trade carries a fresh Idempotency-Key, and
   * a client that gets a 5xx sends the same trade with the same key again, as a careful client would.
   */
  public static RandomTrades openKeyed(ServiceUnderTest service, int players) {
    return open(service, players, true);
  }

  private static RandomTrades open(ServiceUnderTest service, int players, boolean keyed) {
    for (int i = 0; i < players; i++) {
      service.post("/players", new JsonObject().put("id", "p" + i).put("coins", BALANCE).put("goods", BALANCE));
    }
    return new RandomTrades(service, players, keyed);
  }

  private record KeyedTrade(String key, JsonObject trade) {
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
      KeyedTrade next = pending.remove(client);
      if (next == null) {
        next = new KeyedTrade(keyed ? UUID.randomUUID().toString() : null, randomTrade());
      }
      KeyedTrade sent = next;
      long sentAt = System.nanoTime();
      return send(sent).compose(response -> {
        if (keyed) {
          settle(client, sent, response);
        }
        slowestMs.accumulate((System.nanoTime() - sentAt) / 1_000_000);
        statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
        if (response.statusCode() >= 500) {
          String type = response.statusCode() + " " + response.bodyAsJsonObject().getString("type");
          failures.computeIfAbsent(type, t -> new LongAdder()).increment();
          failureDetails.add(type + ": " + response.bodyAsJsonObject().getString("detail"));
        }
        long over = faultOverAt.get();
        if (over != 0 && sentAt > over && response.statusCode() == 200) {
          recoveredAfterMs.accumulate((System.nanoTime() - over) / 1_000_000);
        }
        if (over != 0 && sentAt > over + SETTLE_NANOS) {
          afterRecovery.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
        }
        // A client told to come back later waits a little, as Retry-After asks.
        return response.statusCode() >= 500 ? service.vertx.timer(100) : Future.succeededFuture();
      });
    });
  }

  private JsonObject randomTrade() {
    PlayerPair pair = PlayerPair.random(players);
    return new JsonObject().put("sellId", "p" + pair.seller()).put("buyId", "p" + pair.buyer())
        .put("amount", 1).put("price", 10);
  }

  private Future<HttpResponse<Buffer>> send(KeyedTrade trade) {
    var request = service.client().post("/trades").putHeader("Content-Type", "application/json");
    if (trade.key() != null) {
      request.putHeader("Idempotency-Key", trade.key());
    }
    return request.sendBuffer(trade.trade().toBuffer());
  }

  /** Records a keyed trade's answer; one that is not final (5xx) is sent again by the same client. */
  private void settle(int client, KeyedTrade trade, HttpResponse<Buffer> response) {
    if ("true".equals(response.getHeader("Idempotent-Replayed"))) {
      replays.increment();
    }
    if (response.statusCode() == 200) {
      String id = response.bodyAsJsonObject().getJsonObject("trade").getString("id");
      String earlier = tradeIdOfKey.putIfAbsent(trade.key(), id);
      assertTrue(earlier == null || earlier.equals(id), "one key, one trade: " + earlier + " and " + id);
    } else if (response.statusCode() >= 500) {
      pending.put(client, trade);
    }
  }

  /** Sends every keyed trade still without a final answer again, with its key, until it has one. */
  public void finishPending() {
    await("every keyed trade answered finally").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
        .until(() -> {
          for (Map.Entry<Integer, KeyedTrade> entry : pending.entrySet()) {
            pending.remove(entry.getKey());
            settle(entry.getKey(), entry.getValue(), send(entry.getValue()).await());
          }
          return pending.isEmpty();
        });
  }

  /**
   * Exactly once: the ledger holds one row for each key that got a 200, with the id the answer
   * gave, and none for any other key; and every balance is its start plus its ledger movements.
   */
  public void assertLedgerMatches() {
    Map<String, long[]> expected = new HashMap<>();
    for (int i = 0; i < players; i++) {
      expected.put("p" + i, new long[] {BALANCE, BALANCE});
    }
    Map<String, String> ledgerIdOfKey = new HashMap<>();
    String after = null;
    do {
      JsonObject page = service.get("/trades?limit=1000" + (after == null ? "" : "&after=" + after)).bodyAsJsonObject();
      for (Object item : page.getJsonArray("trades")) {
        JsonObject trade = ((JsonObject) item).getJsonObject("trade");
        String key = trade.getString("idempotencyKey");
        assertNull(ledgerIdOfKey.put(key, trade.getString("id")), "two ledger rows for key " + key);
        long[] seller = expected.get(trade.getString("sellId"));
        long[] buyer = expected.get(trade.getString("buyId"));
        seller[0] += trade.getInteger("price");
        seller[1] -= trade.getInteger("amount");
        buyer[0] -= trade.getInteger("price");
        buyer[1] += trade.getInteger("amount");
      }
      after = page.getString("next");
    } while (after != null);
    assertEquals(tradeIdOfKey, ledgerIdOfKey, "one ledger row per key answered 200, and none for the others");
    for (Object item : service.allPlayers()) {
      JsonObject player = (JsonObject) item;
      long[] balances = expected.get(player.getString("id"));
      assertEquals(balances[0], player.getLong("coins"), "coins of " + player.getString("id") + " match the ledger");
      assertEquals(balances[1], player.getLong("goods"), "goods of " + player.getString("id") + " match the ledger");
    }
  }

  /** Every coin and good is still there, and no balance is negative. */
  public void assertBooksBalance() {
    JsonArray table = service.allPlayers();
    assertEquals(players * BALANCE, Ledger.sum(table, "coins"), "coins conserved");
    assertEquals(players * BALANCE, Ledger.sum(table, "goods"), "goods conserved");
    assertTrue(Ledger.min(table, "coins") >= 0 && Ledger.min(table, "goods") >= 0, "no negative balance");
  }
}
