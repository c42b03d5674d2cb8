package io.playerservice.trade;

import io.playerservice.player.Player;
import io.vertx.core.json.JsonObject;

/** Both players' balances after a trade. */
public record TradeResult(Player seller, Player buyer) {
  public static TradeResult fromJson(JsonObject json) {
    return new TradeResult(Player.fromJson(json.getJsonObject("seller")), Player.fromJson(json.getJsonObject("buyer")));
  }

  public JsonObject toJson() {
    return new JsonObject().put("seller", seller.toJson()).put("buyer", buyer.toJson());
  }
}
