package io.playerservice.trade;

import io.playerservice.error.ApiError;
import io.playerservice.player.PlayerRequests;
import io.playerservice.validation.Fields;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * One page of the ledger: up to {@code limit} trades, newest first, of one player (as seller or
 * buyer) or of everyone ({@code player} null), continuing after a previous page ({@code after}).
 */
public record TradeQuery(String player, int limit, TradeCursor after) {

  /** {@code ?player=ID&limit=N&after=CURSOR}, each optional and given at most once. */
  public static TradeQuery fromQuery(List<String> players, List<String> limits, List<String> afters) {
    if (players.size() > 1 || limits.size() > 1 || afters.size() > 1) {
      throw ApiError.invalid("'player', 'limit' and 'after' may each be given once");
    }
    return new TradeQuery(
        players.isEmpty() ? null : Fields.id(players.get(0), "player"),
        limits.isEmpty() ? PlayerRequests.DEFAULT_LIMIT : PlayerRequests.limit(limits.get(0)),
        afters.isEmpty() ? null : TradeCursor.decode(afters.get(0)));
  }

  /** {@code {"player"?, "limit"?, "after"?}} (the event bus), by the same rules. */
  public static TradeQuery fromJson(JsonObject json) {
    Fields.allowOnly(json, Set.of("player", "limit", "after"));
    return new TradeQuery(
        json.containsKey("player") ? Fields.id(json, "player") : null,
        json.containsKey("limit") ? Fields.integer(json, "limit", 1, PlayerRequests.MAX_LIMIT)
            : PlayerRequests.DEFAULT_LIMIT,
        json.containsKey("after") ? TradeCursor.decode(Fields.text(json, "after")) : null);
  }
}
