package io.playerservice.http;

import io.playerservice.trade.Trade;
import io.playerservice.trade.TradeService;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /trades}: parse → {@link TradeService} → the balances after the trade. */
final class TradeRoutes {
  private final TradeService trades;

  TradeRoutes(TradeService trades) {
    this.trades = trades;
  }

  void execute(RoutingContext ctx) {
    Trade trade = Trade.fromJson(Bodies.object(ctx));
    trades.trade(trade)
        .compose(result -> Responses.json(ctx, 200, result.toJson()))
        .onFailure(ctx::fail);
  }
}
