package io.playerservice.loadtest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.Map;
import java.util.TreeMap;

/**
 * The load generator's players, {@code lt-0000000} onwards, through the API: created with large
 * balances when missing, reused when present, and summed to check conservation.
 */
final class LoadPlayers {
  static final String PREFIX = "lt-";
  /** Enough for 100 million trades of 1 good for 10 coins by one player: no trade is refused. */
  private static final int BALANCE = 1_000_000_000;
  private static final int CHUNK = 10_000;

  private final WebClient http;

  LoadPlayers(WebClient http) {
    this.http = http;
  }

  static String id(int index) {
    return String.format("%s%07d", PREFIX, index);
  }

  /** Ensures players 0..n-1 exist: one bulk request per chunk, one by one where some exist. */
  void ensure(int n) {
    for (int from = 0; from < n; from += CHUNK) {
      JsonArray chunk = new JsonArray();
      for (int i = from; i < Math.min(n, from + CHUNK); i++) {
        chunk.add(new JsonObject().put("id", id(i)).put("coins", BALANCE).put("goods", BALANCE));
      }
      int status = http.post("/players/bulk").sendJson(chunk).await().statusCode();
      if (status == 409) {
        for (Object player : chunk) {
          expect(http.post("/players").sendJson(player).await(), 201, 409);
        }
      } else if (status != 201) {
        throw new IllegalStateException("creating players answered " + status);
      }
    }
  }

  /**
   * {coins, goods} of every numbered player ({@code lt-} and a digit), by keyset paging, in id
   * order; the bulk creates' players ({@link BulkCheck}) sort after them and are left out.
   */
  Map<String, long[]> balances() {
    Map<String, long[]> balances = new TreeMap<>();
    String after = PREFIX;
    while (true) {
      JsonArray page = expect(http.get("/players").addQueryParam("limit", "1000")
          .addQueryParam("after", after).send().await(), 200).bodyAsJsonArray();
      for (Object item : page) {
        JsonObject player = (JsonObject) item;
        String id = player.getString("id");
        if (!id.startsWith(PREFIX) || id.length() == PREFIX.length() || !Character.isDigit(id.charAt(PREFIX.length()))) {
          return balances;
        }
        balances.put(player.getString("id"), new long[] {player.getLong("coins"), player.getLong("goods")});
        after = player.getString("id");
      }
      if (page.size() < 1000) {
        return balances;
      }
    }
  }

  /** {coins, goods} summed over {@code balances}. */
  static long[] sums(Map<String, long[]> balances) {
    long[] sums = new long[2];
    balances.values().forEach(b -> {
      sums[0] += b[0];
      sums[1] += b[1];
    });
    return sums;
  }

  static HttpResponse<Buffer> expect(HttpResponse<Buffer> response, int... statuses) {
    for (int status : statuses) {
      if (response.statusCode() == status) {
        return response;
      }
    }
    throw new IllegalStateException("unexpected " + response.statusCode() + ": " + response.bodyAsString());
  }
}
