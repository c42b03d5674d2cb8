package io.playerservice.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Accounts for the players the run's bulk creates added. Each bulk create has a key of its own,
 * {@code lt-b<run>-<loop>-<n>}, sent as its Idempotency-Key and used as its players' id prefix
 * ({@code ...-<n>-0} to {@code -9}), so the players read back name their request. At the end
 * every request answered 201 must have added all of its players with their known balances, one
 * whose outcome is unknown all or none, and any other none. The ids sort after the numbered
 * traders', whose sums the trades alone move.
 */
final class BulkCheck {
  /** Players per bulk create: enough to be a batch, few enough to cost about what the other kinds do. */
  static final int SIZE = 10;
  static final int COINS = 1000;
  static final int GOODS = 100;

  private final String prefix = LoadPlayers.PREFIX + "b"
      + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + "-";
  private final List<LoopKeys> keys = new ArrayList<>();

  BulkCheck(int loops) {
    for (int i = 0; i < loops; i++) {
      keys.add(new LoopKeys(prefix + i + "-"));
    }
  }

  LoopKeys keys(int loop) {
    return keys.get(loop);
  }

  /** The body of the bulk create keyed {@code key}: its {@link #SIZE} players. */
  static JsonArray players(String key) {
    JsonArray players = new JsonArray();
    for (int i = 0; i < SIZE; i++) {
      players.add(new JsonObject().put("id", key + "-" + i).put("coins", COINS).put("goods", GOODS));
    }
    return players;
  }

  /** Reads the run's bulk-created players back and checks them against the answers. */
  JsonObject verify(WebClient http) {
    Map<String, Integer> found = new HashMap<>();
    long players = 0;
    long coins = 0;
    long goods = 0;
    String after = prefix;
    JsonArray page;
    do {
      page = LoadPlayers.expect(http.get("/players").addQueryParam("limit", "1000").addQueryParam("after", after)
          .send().await(), 200).bodyAsJsonArray();
      for (Object item : page) {
        JsonObject player = (JsonObject) item;
        after = player.getString("id");
        if (!after.startsWith(prefix)) {
          page = new JsonArray();
          break;
        }
        found.merge(after.substring(0, after.lastIndexOf('-')), 1, Integer::sum);
        players++;
        coins += player.getLong("coins");
        goods += player.getLong("goods");
      }
    } while (page.size() == 1000);
    return verdict(found, players, coins, goods);
  }

  private JsonObject verdict(Map<String, Integer> found, long players, long coins, long goods) {
    long answered = 0;
    long unresolved = 0;
    long missing = 0;
    long incomplete = 0;
    for (LoopKeys loop : keys) {
      answered += loop.answeredCount();
      unresolved += loop.unresolvedCount();
      for (int n = 0; n < loop.issued(); n++) {
        int count = found.getOrDefault(loop.key(n), 0);
        if (count > 0) {
          loop.firstSeen(n);
        }
        incomplete += count != 0 && count != SIZE || count == SIZE && !loop.mayHaveRow(n) ? 1 : 0;
      }
      missing += loop.missingCount();
    }
    long requests = found.size();
    boolean balances = coins == players * COINS && goods == players * GOODS;
    return new JsonObject()
        .put("answered201", answered)
        .put("unresolved", unresolved)
        .put("playersExpected", answered * SIZE)
        .put("playersFound", players)
        .put("requestsFound", requests)
        .put("coinsAdded", coins)
        .put("goodsAdded", goods)
        .put("missing", missing)
        .put("wrong", incomplete)
        .put("ok", missing == 0 && incomplete == 0 && balances);
  }
}
