package io.playerservice.trade;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A page of the ledger, newest first, and the cursor of the next one (null: this is the last). */
public record TradePage(List<TradeResult> trades, String next) {

  /** The first {@code limit} of {@code newestFirst}; a next page exists when there were more. */
  static TradePage of(List<TradeResult> newestFirst, int limit) {
    if (newestFirst.size() <= limit) {
      return new TradePage(newestFirst, null);
    }
    List<TradeResult> page = newestFirst.subList(0, limit);
    return new TradePage(page, TradeCursor.after(page.get(limit - 1).trade()).encode());
  }

  /** Reads a page as the API writes it (used by clients of the event-bus API). */
  public static TradePage fromJson(JsonObject json) {
    return new TradePage(json.getJsonArray("trades").stream()
        .map(trade -> TradeResult.fromJson((JsonObject) trade)).toList(), json.getString("next"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("trades", new JsonArray(trades.stream().map(TradeResult::toJson).toList()))
        .put("next", next);
  }
}
