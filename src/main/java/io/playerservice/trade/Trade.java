package io.playerservice.trade;

import io.playerservice.error.ApiError;
import io.playerservice.player.Player;
import io.playerservice.validation.Fields;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A valid trade request: the seller gives {@code amount} goods and receives {@code price} coins;
 * the buyer pays {@code price} coins and receives {@code amount} goods.
 */
public record Trade(String sellId, String buyId, int amount, int price) {
  private static final Set<String> FIELDS = Set.of("sellId", "buyId", "amount", "price");

  /** {@code {"sellId", "buyId", "amount", "price"}}: all required, amount ≥ 1, price ≥ 0. */
  public static Trade fromJson(JsonObject json) {
    Fields.allowOnly(json, FIELDS);
    Trade trade = new Trade(
        Fields.id(json, "sellId"),
        Fields.id(json, "buyId"),
        Fields.integer(json, "amount", 1, Integer.MAX_VALUE),
        Fields.integer(json, "price", 0, Integer.MAX_VALUE));
    if (trade.sellId.equals(trade.buyId)) {
      throw ApiError.invalid("'sellId' and 'buyId' must name two different players");
    }
    return trade;
  }

  /** The request as JSON, the shape it arrives in: what an Idempotency-Key's fingerprint covers. */
  public JsonObject toJson() {
    return new JsonObject().put("sellId", sellId).put("buyId", buyId).put("amount", amount).put("price", price);
  }

  /** This trade's ledger row: {@code id} and {@code at} are the service's, {@code key} the client's (or null). */
  TradeRecord record(UUID id, Instant at, String key) {
    return new TradeRecord(id, sellId, buyId, amount, price, at, key);
  }

  /**
   * The two players after this trade, given their locked balances (null: no such player), with
   * its ledger row. Rejections use the seed's words, and are checked in the seed's order:
   * seller, then buyer.
   */
  TradeResult settle(Player seller, Player buyer, TradeRecord record) {
    if (seller == null || buyer == null) {
      throw ApiError.notFound(seller == null && buyer == null
          ? "sell player " + sellId + " and buy player " + buyId + " not found"
          : seller == null ? "sell player " + sellId + " not found" : "buy player " + buyId + " not found");
    }
    if (seller.goods() < amount) {
      throw ApiError.conflict("sell player " + sellId + " goods not enough");
    }
    if (buyer.coins() < price) {
      throw ApiError.conflict("buy player " + buyId + " coins not enough");
    }
    if ((long) seller.coins() + price > Integer.MAX_VALUE) {
      throw ApiError.conflict("sell player " + sellId + " coins would exceed " + Integer.MAX_VALUE);
    }
    if ((long) buyer.goods() + amount > Integer.MAX_VALUE) {
      throw ApiError.conflict("buy player " + buyId + " goods would exceed " + Integer.MAX_VALUE);
    }
    return new TradeResult(
        new Player(sellId, seller.coins() + price, seller.goods() - amount),
        new Player(buyId, buyer.coins() - price, buyer.goods() + amount),
        record);
  }
}
