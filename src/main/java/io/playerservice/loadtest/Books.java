package io.playerservice.loadtest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.Map;

/**
 * The checks after the load: the traders' coins and goods are conserved, the bulk creates added
 * exactly the players their answers said, and (with keys) every trade happened exactly once.
 *
 * @param exactlyOnce null without keys
 */
record Books(JsonObject conservation, JsonObject exactlyOnce) {

  static Books check(MeasuredRun run, LoadPlayers players, WebClient http, LoadOptions options) {
    Map<String, long[]> balances = players.balances();
    long[] before = LoadPlayers.sums(run.exactlyOnce().before());
    long[] after = LoadPlayers.sums(balances);
    boolean traders = before[0] == after[0] && before[1] == after[1];
    JsonObject conservation = new JsonObject()
        .put("coinsBefore", before[0]).put("coinsAfter", after[0])
        .put("goodsBefore", before[1]).put("goodsAfter", after[1])
        .put("tradersOk", traders);
    boolean ok = traders;
    if (options.mix().has(Kind.BULK)) {
      JsonObject bulk = run.bulk().verify(http);
      conservation.put("bulkCreates", bulk);
      ok &= bulk.getBoolean("ok");
    }
    conservation.put("ok", ok);
    return new Books(conservation, options.keys() ? run.exactlyOnce().verify(balances) : null);
  }

  boolean ok() {
    return conservation.getBoolean("ok") && (exactlyOnce == null || exactlyOnce.getBoolean("ok"));
  }
}
