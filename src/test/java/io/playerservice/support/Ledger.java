package io.playerservice.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The balances a test expects: the starting ones plus the moves of every trade reported as
 * done. Comparing it with the table proves that each success moved exactly its amounts and
 * each refusal or failure moved nothing.
 */
public final class Ledger {
  private final Map<String, long[]> balances = new HashMap<>();

  public synchronized void open(String id, long coins, long goods) {
    balances.put(id, new long[] {coins, goods});
  }

  public synchronized void trade(String sellId, String buyId, int amount, int price) {
    long[] seller = balances.get(sellId);
    long[] buyer = balances.get(buyId);
    seller[0] += price;
    seller[1] -= amount;
    buyer[0] -= price;
    buyer[1] += amount;
  }

  /** The expected table, in the API's shape and id order. */
  public synchronized JsonArray expected() {
    JsonArray players = new JsonArray();
    balances.keySet().stream().sorted().forEach(id -> players.add(new JsonObject()
        .put("id", id).put("coins", balances.get(id)[0]).put("goods", balances.get(id)[1])));
    return players;
  }

  public static long sum(JsonArray players, String field) {
    return players.stream().mapToLong(p -> ((JsonObject) p).getLong(field)).sum();
  }

  public static long min(JsonArray players, String field) {
    return players.stream().mapToLong(p -> ((JsonObject) p).getLong(field)).min().orElseThrow();
  }
}
