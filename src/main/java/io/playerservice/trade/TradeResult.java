package io.playerservice.trade;

import io.playerservice.player.Player;
import io.vertx.core.json.JsonObject;

/**
 * A trade as the API shows it, from {@code POST /trades} and the ledger alike: both players'
 * balances right after it, and the ledger row.
 */
public record TradeResult(Player seller, Player buyer, TradeRecord trade) {
  public static TradeResult fromJson(JsonObject json) {
    return new TradeResult(Player.fromJson(json.getJsonObject("seller")), Player.fromJson(json.getJsonObject("buyer")),
        TradeRecord.fromJson(json.getJsonObject("trade")));
  }

  public JsonObject toJson() {
    return new JsonObject().put("seller", seller.toJson()).put("buyer", buyer.toJson()).put("trade", trade.toJson());
  }
}
