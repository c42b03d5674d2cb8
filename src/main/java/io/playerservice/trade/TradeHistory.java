package io.playerservice.trade;

import io.playerservice.error.ApiError;
import io.playerservice.trade.TradeRepository.Side;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Reading the ledger: one trade by id, and keyset pages, newest first. */
public final class TradeHistory {
  /** The ledger's order: newest first, then by id as the database compares 16 bytes (unsigned). */
  private static final Comparator<TradeResult> NEWEST_FIRST = Comparator
      .comparing((TradeResult t) -> t.trade().at())
      .thenComparing(t -> t.trade().id(), (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
      })
      .reversed();

  private final Pool pool;
  private final TradeRepository ledger;

  public TradeHistory(Pool pool, TradeRepository ledger) {
    this.pool = pool;
    this.ledger = ledger;
  }

  public Future<TradeResult> get(UUID id) {
    return ledger.find(id).map(trade -> {
      if (trade == null) {
        throw ApiError.notFound("trade " + id + " not found");
      }
      return trade;
    });
  }

  /**
   * One player's trades are read from the seller index and the buyer index, a page from each, and
   * merged: a single OR query would not read either index in order. Both pages are read on one
   * connection, one after the other, so a listing holds one connection, as its one place in
   * admission promises.
   */
  public Future<TradePage> list(TradeQuery query) {
    int oneMore = query.limit() + 1; // to know whether a next page exists
    if (query.player() == null) {
      return ledger.page(pool, Side.ANY, null, query.after(), oneMore)
          .map(trades -> TradePage.of(trades, query.limit()));
    }
    List<TradeResult> merged = new ArrayList<>(2 * oneMore);
    return pool.withConnection(conn -> ledger.page(conn, Side.SELLER, query.player(), query.after(), oneMore)
            .compose(sold -> {
              merged.addAll(sold);
              return ledger.page(conn, Side.BUYER, query.player(), query.after(), oneMore);
            }))
        .map(bought -> {
          merged.addAll(bought);
          merged.sort(NEWEST_FIRST);
          return TradePage.of(merged, query.limit());
        });
  }
}
