package io.playerservice.player;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** Every SQL statement the service runs against {@code player}, each a named constant. */
public final class PlayerRepository {
  static final String INSERT = "INSERT INTO player (id, coins, goods) VALUES (?, ?, ?)";
  static final String SELECT_BY_ID = "SELECT id, coins, goods FROM player WHERE id = ?";
  static final String SELECT_FIRST_PAGE = "SELECT id, coins, goods FROM player ORDER BY id LIMIT ?";
  static final String SELECT_PAGE_AFTER =
      "SELECT id, coins, goods FROM player WHERE id > ? ORDER BY id LIMIT ?";
  static final String COUNT = "SELECT COUNT(*) FROM player";
  static final String REPLACE_BALANCES = "UPDATE player SET coins = ?, goods = ? WHERE id = ?";
  static final String DELETE = "DELETE FROM player WHERE id = ?";
  /**
   * A trade's two new balances in one statement: one round trip instead of two UPDATEs, and
   * nothing left to pipeline. The values were computed under the locks LOCK_PAIR_FOR_UPDATE took.
   */
  static final String SET_PAIR_BALANCES = """
      UPDATE player
         SET coins = CASE WHEN id = ? THEN ? ELSE ? END,
             goods = CASE WHEN id = ? THEN ? ELSE ? END
       WHERE id IN (?, ?)""";
  /** The demo's reset, as the seed's guide resets the table before each run. */
  static final String DELETE_ALL = "DELETE FROM player";
  /**
   * Both players of a trade in one statement, locked in primary-key order: every trade takes its
   * two locks in the same order, so trades cannot deadlock each other however they cross.
   */
  static final String LOCK_PAIR_FOR_UPDATE =
      "SELECT id, coins, goods FROM player WHERE id IN (?, ?) ORDER BY id FOR UPDATE";

  /**
   * Rows per multi-row INSERT in a bulk create. One statement per row costs a round trip each
   * (what {@code executeBatch} does on MySQL); 1000 rows is 3000 placeholders, far below the
   * protocol's 65535 and small enough to stay in the prepared-statement cache.
   */
  static final int ROWS_PER_INSERT = 1000;
  static final String INSERT_FULL_CHUNK = multiRowInsert(ROWS_PER_INSERT);

  private final Pool pool;

  public PlayerRepository(Pool pool) {
    this.pool = pool;
  }

  /** Empties the table: only the demo does this, on the user's explicit request. */
  public Future<Void> deleteAll() {
    return pool.query(DELETE_ALL).execute().mapEmpty();
  }

  /** Inserts one player through {@code client}: the pool (autocommit) or a transaction. */
  Future<Void> insert(SqlClient client, Player player) {
    return client.preparedQuery(INSERT).execute(player.toTuple()).mapEmpty();
  }

  /** Inserts all players through {@code client}, one multi-row INSERT per chunk, in order. */
  Future<Void> insertAll(SqlClient client, List<Player> players) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < players.size(); from += ROWS_PER_INSERT) {
      List<Player> chunk = players.subList(from, Math.min(from + ROWS_PER_INSERT, players.size()));
      String sql = chunk.size() == ROWS_PER_INSERT ? INSERT_FULL_CHUNK : multiRowInsert(chunk.size());
      Tuple params = Tuple.tuple(new ArrayList<>(chunk.size() * 3));
      for (Player player : chunk) {
        params.addString(player.id()).addInteger(player.coins()).addInteger(player.goods());
      }
      chain = chain.compose(done -> client.preparedQuery(sql).execute(params).mapEmpty());
    }
    return chain;
  }

  /** The player, or null when there is none. */
  Future<Player> find(String id) {
    return pool.preparedQuery(SELECT_BY_ID).execute(Tuple.of(id)).map(PlayerRepository::firstOrNull);
  }

  Future<List<Player>> page(PageRequest page) {
    Future<RowSet<Row>> rows = page.after() == null
        ? pool.preparedQuery(SELECT_FIRST_PAGE).execute(Tuple.of(page.limit()))
        : pool.preparedQuery(SELECT_PAGE_AFTER).execute(Tuple.of(page.after(), page.limit()));
    return rows.map(PlayerRepository::toList);
  }

  Future<Long> count() {
    return pool.query(COUNT).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  /** Sets both balances; false when no such player exists. */
  Future<Boolean> replace(Player player) {
    return pool.preparedQuery(REPLACE_BALANCES)
        .execute(Tuple.of(player.coins(), player.goods(), player.id()))
        // The client counts matched rows (CLIENT_FOUND_ROWS), so an unchanged row still counts.
        .map(result -> result.rowCount() > 0);
  }

  /** False when no such player exists. */
  Future<Boolean> delete(String id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id)).map(result -> result.rowCount() > 0);
  }

  /** Locks the rows of both ids, inside the caller's transaction; absent ids are simply missing. */
  public Future<List<Player>> lockPair(SqlConnection conn, String firstId, String secondId) {
    return conn.preparedQuery(LOCK_PAIR_FOR_UPDATE)
        .execute(Tuple.of(firstId, secondId))
        .map(PlayerRepository::toList);
  }

  /** Writes both players' balances through the caller's transaction. */
  public Future<Void> replacePair(SqlConnection conn, Player first, Player second) {
    return conn.preparedQuery(SET_PAIR_BALANCES)
        .execute(Tuple.of(first.id(), first.coins(), second.coins(), first.id(), first.goods(), second.goods())
            .addString(first.id()).addString(second.id()))
        .mapEmpty();
  }

  static String multiRowInsert(int rows) {
    return "INSERT INTO player (id, coins, goods) VALUES " + "(?, ?, ?), ".repeat(rows - 1) + "(?, ?, ?)";
  }

  private static Player firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Player.fromRow(rows.iterator().next());
  }

  private static List<Player> toList(RowSet<Row> rows) {
    List<Player> players = new ArrayList<>(rows.size());
    rows.forEach(row -> players.add(Player.fromRow(row)));
    return players;
  }
}
