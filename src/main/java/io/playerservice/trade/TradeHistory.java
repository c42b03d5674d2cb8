package io.playerservice.trade;

import io.playerservice.error.ApiError;
import io.playerservice.trade.TradeRepository.Side;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Reading the ledger: one trade by id, keyset pages newest first, and the feed's reads oldest first. */
public final class TradeHistory {
  /** The ledger's order, oldest first (see {@link TradeCursor#compareTo}). */
  private static final Comparator<TradeResult> OLDEST_FIRST = Comparator.comparing(t -> TradeCursor.after(t.trade()));
  private static final Comparator<TradeResult> NEWEST_FIRST = OLDEST_FIRST.reversed();

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

  /**
   * Up to {@code limit} trades after {@code after}, oldest first, all of them or one player's
   * (null: all), and only those stamped before {@code below}: the live feed's read, which a
   * watermark bounds (no trade stamped before it can commit any more). Fewer than {@code limit}
   * means the read reached {@code below}. A player's trades are merged from the seller and the
   * buyer index on one connection, as {@link #list} does; the first {@code limit} of the two
   * are the first {@code limit} of the player's.
   */
  public Future<List<TradeResult>> after(String player, TradeCursor after, Instant below, int limit) {
    if (player == null) {
      return ledger.after(pool, Side.ANY, null, after, below, limit);
    }
    List<TradeResult> merged = new ArrayList<>(2 * limit);
    return pool.withConnection(conn -> ledger.after(conn, Side.SELLER, player, after, below, limit)
            .compose(sold -> {
              merged.addAll(sold);
              return ledger.after(conn, Side.BUYER, player, after, below, limit);
            }))
        .map(bought -> {
          merged.addAll(bought);
          merged.sort(OLDEST_FIRST);
          return merged.size() <= limit ? merged : merged.subList(0, limit);
        });
  }
}
