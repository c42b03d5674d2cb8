package io.playerservice.trade;

import io.playerservice.player.Player;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every SQL statement the service runs against the {@code trade} ledger, each a named constant. */
public final class TradeRepository {
  private static final String COLUMNS = "id, sell_id, buy_id, amount, price, seller_coins, seller_goods,"
      + " buyer_coins, buyer_goods, traded_at, idempotency_key";
  static final String INSERT = "INSERT INTO trade (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM trade WHERE id = ?";
  /** Newest first; "before" pages continue strictly after the previous page's last row. */
  private static final String NEWEST_FIRST = " ORDER BY traded_at DESC, id DESC LIMIT ?";
  private static final String BEFORE = "(traded_at < ? OR (traded_at = ? AND id < ?))";
  static final String ALL_FIRST = "SELECT " + COLUMNS + " FROM trade" + NEWEST_FIRST;
  static final String ALL_BEFORE = "SELECT " + COLUMNS + " FROM trade WHERE " + BEFORE + NEWEST_FIRST;
  static final String SOLD_FIRST = "SELECT " + COLUMNS + " FROM trade WHERE sell_id = ?" + NEWEST_FIRST;
  static final String SOLD_BEFORE = "SELECT " + COLUMNS + " FROM trade WHERE sell_id = ? AND " + BEFORE + NEWEST_FIRST;
  static final String BOUGHT_FIRST = "SELECT " + COLUMNS + " FROM trade WHERE buy_id = ?" + NEWEST_FIRST;
  static final String BOUGHT_BEFORE = "SELECT " + COLUMNS + " FROM trade WHERE buy_id = ? AND " + BEFORE + NEWEST_FIRST;
  /**
   * The live feed's reads: oldest first, strictly after a cursor, and only rows stamped before a
   * watermark (the time before which no trade can still commit), so what they return is final.
   */
  private static final String OLDEST_FIRST = " ORDER BY traded_at, id LIMIT ?";
  private static final String AFTER_BELOW = "(traded_at > ? OR (traded_at = ? AND id > ?)) AND traded_at < ?";
  static final String ALL_AFTER = "SELECT " + COLUMNS + " FROM trade WHERE " + AFTER_BELOW + OLDEST_FIRST;
  static final String SOLD_AFTER = "SELECT " + COLUMNS + " FROM trade WHERE sell_id = ? AND " + AFTER_BELOW + OLDEST_FIRST;
  static final String BOUGHT_AFTER = "SELECT " + COLUMNS + " FROM trade WHERE buy_id = ? AND " + AFTER_BELOW + OLDEST_FIRST;

  private final Pool pool;

  public TradeRepository(Pool pool) {
    this.pool = pool;
  }

  /** Writes the ledger row of {@code result} through the caller's transaction. */
  Future<Void> insert(SqlClient conn, TradeResult result) {
    TradeRecord trade = result.trade();
    return conn.preparedQuery(INSERT).execute(Tuple.tuple()
            .addBuffer(TradeRecord.bytes(trade.id())).addString(trade.sellId()).addString(trade.buyId())
            .addInteger(trade.amount()).addInteger(trade.price())
            .addInteger(result.seller().coins()).addInteger(result.seller().goods())
            .addInteger(result.buyer().coins()).addInteger(result.buyer().goods())
            .addLocalDateTime(LocalDateTime.ofInstant(trade.at(), ZoneOffset.UTC))
            .addString(trade.idempotencyKey()))
        .mapEmpty();
  }

  /** The trade, or null when the ledger has none with this id. */
  Future<TradeResult> find(UUID id) {
    return pool.preparedQuery(SELECT_BY_ID).execute(Tuple.of(TradeRecord.bytes(id)))
        .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  /**
   * Up to {@code limit} trades older than {@code before} (null: from the newest), newest first,
   * through {@code client}: across the ledger, or those where {@code player} is on {@code side}.
   */
  Future<List<TradeResult>> page(SqlClient client, Side side, String player, TradeCursor before, int limit) {
    Tuple params = Tuple.tuple();
    if (side != Side.ANY) {
      params.addString(player);
    }
    if (before != null) {
      LocalDateTime at = LocalDateTime.ofInstant(before.at(), ZoneOffset.UTC);
      params.addLocalDateTime(at).addLocalDateTime(at).addBuffer(TradeRecord.bytes(before.id()));
    }
    return client.preparedQuery(side.sql(before != null)).execute(params.addInteger(limit))
        .map(TradeRepository::toList);
  }

  /**
   * Up to {@code limit} trades after {@code after} and stamped before {@code below}, oldest first,
   * through {@code client}: across the ledger, or those where {@code player} is on {@code side}.
   */
  Future<List<TradeResult>> after(SqlClient client, Side side, String player, TradeCursor after, Instant below,
      int limit) {
    Tuple params = Tuple.tuple();
    if (side != Side.ANY) {
      params.addString(player);
    }
    LocalDateTime at = LocalDateTime.ofInstant(after.at(), ZoneOffset.UTC);
    params.addLocalDateTime(at).addLocalDateTime(at).addBuffer(TradeRecord.bytes(after.id()))
        .addLocalDateTime(LocalDateTime.ofInstant(below, ZoneOffset.UTC));
    return client.preparedQuery(side.after).execute(params.addInteger(limit)).map(TradeRepository::toList);
  }

  /** Which index a listing reads. */
  enum Side {
    ANY(ALL_FIRST, ALL_BEFORE, ALL_AFTER), SELLER(SOLD_FIRST, SOLD_BEFORE, SOLD_AFTER),
    BUYER(BOUGHT_FIRST, BOUGHT_BEFORE, BOUGHT_AFTER);

    private final String first;
    private final String before;
    private final String after;

    Side(String first, String before, String after) {
      this.first = first;
      this.before = before;
      this.after = after;
    }

    String sql(boolean paged) {
      return paged ? before : first;
    }
  }

  private static List<TradeResult> toList(RowSet<Row> rows) {
    List<TradeResult> trades = new ArrayList<>(rows.size());
    rows.forEach(row -> trades.add(fromRow(row)));
    return trades;
  }

  private static TradeResult fromRow(Row row) {
    TradeRecord trade = new TradeRecord(TradeRecord.fromBytes(row.getBuffer(0)), row.getString(1),
        row.getString(2), row.getInteger(3), row.getInteger(4),
        row.getLocalDateTime(9).toInstant(ZoneOffset.UTC), row.getString(10));
    return new TradeResult(new Player(trade.sellId(), row.getInteger(5), row.getInteger(6)),
        new Player(trade.buyId(), row.getInteger(7), row.getInteger(8)), trade);
  }
}
