package io.playerservice.http;

import io.playerservice.idempotency.IdempotentWrites;
import io.playerservice.trade.Trade;
import io.playerservice.trade.TradeHistory;
import io.playerservice.trade.TradeQuery;
import io.playerservice.trade.TradeRecord;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /trades}: parse → {@link IdempotentWrites} → the trade; the ledger's two reads. Each
 * returns the future of its work, which ends the request's admission place ({@link AdmissionGate#route}).
 */
final class TradeRoutes {
  private final IdempotentWrites writes;
  private final TradeHistory history;

  TradeRoutes(IdempotentWrites writes, TradeHistory history) {
    this.writes = writes;
    this.history = history;
  }

  Future<Void> execute(RoutingContext ctx) {
    var key = DataRequest.idempotencyKey(ctx);
    Trade trade = Trade.fromJson(Bodies.object(ctx));
    return writes.trade(key, trade)
        .compose(answer -> Responses.answer(ctx, answer))
        .onFailure(ctx::fail);
  }

  Future<Void> get(RoutingContext ctx) {
    return history.get(TradeRecord.parseId(ctx.pathParam("id")))
        .compose(trade -> Responses.json(ctx, 200, trade.toJson()))
        .onFailure(ctx::fail);
  }

  Future<Void> list(RoutingContext ctx) {
    var query = TradeQuery.fromQuery(ctx.queryParam("player"), ctx.queryParam("limit"), ctx.queryParam("after"));
    return history.list(query)
        .compose(page -> Responses.listing(ctx, page.trades().size(), page::toJson))
        .onFailure(ctx::fail);
  }
}
