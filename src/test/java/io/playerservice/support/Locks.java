package io.playerservice.support;

import io.vertx.sqlclient.Pool;

import java.time.Duration;


import static org.awaitility.Awaitility.await;

/**
 * Helpers for tests that hold locks to stall the service on purpose. They find the service
 * waiting by what the server reports about its sessions (a state column), never by the text of
 * the statement that waits, so a reworded query cannot make them wait for nothing.
 */
public final class Locks {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(20);
  /**
   * InnoDB fills INNODB_TRX from a cache it refreshes only when the table has not been read for
   * 100 ms (trx0i_s.cc, CACHE_MIN_IDLE_TIME_US, in MySQL and MariaDB alike): polled more often,
   * it would show the first answer forever.
   */
  private static final Duration INNODB_TRX_POLL = Duration.ofMillis(150);
  /**
   * Transactions waiting for a row lock. InnoDB (MySQL 8 and MariaDB) reports them in
   * {@code INNODB_TRX} with the state {@code LOCK WAIT}; MySQL 8 dropped INNODB_LOCK_WAITS for
   * performance_schema.data_lock_waits, but kept this column, so one query serves both.
   */
  private static final String INNODB_ROW_LOCK_WAITS =
      "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'";
  /** TiDB has no INNODB_TRX; its own TIDB_TRX reports a pessimistic lock wait as LockWaiting. */
  private static final String TIDB_ROW_LOCK_WAITS =
      "SELECT COUNT(*) FROM information_schema.TIDB_TRX WHERE STATE = 'LockWaiting'";
  /** Statements waiting behind LOCK TABLES, by the thread state MySQL and MariaDB both report. */
  private static final String TABLE_LOCK_WAITS =
      "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE = 'Waiting for table metadata lock'";

  private Locks() {
  }

  /** Waits until a trade of the service waits for a row lock a test holds. */
  public static void awaitBlockedTrade(Pool database) {
    awaitBlockedTrades(database, 1);
  }

  /** Waits until {@code count} transactions wait for row locks (the service's trades, in these tests). */
  public static void awaitBlockedTrades(Pool database, int count) {
    String waits = isTiDb(database) ? TIDB_ROW_LOCK_WAITS : INNODB_ROW_LOCK_WAITS;
    await(count + " of the service's trades waiting for a row lock").atMost(PATIENCE).pollInterval(INNODB_TRX_POLL)
        .until(() -> count(database, waits) >= count);
  }

  /** Waits until {@code count} statements wait behind LOCK TABLES (a table metadata lock). */
  public static void awaitTableLockWaiters(Pool database, int count) {
    await(count + " statements waiting behind LOCK TABLES").atMost(PATIENCE).pollInterval(POLL)
        .until(() -> count(database, TABLE_LOCK_WAITS) >= count);
  }

  /** How many statements wait behind LOCK TABLES now. */
  public static long tableLockWaiters(Pool database) {
    return count(database, TABLE_LOCK_WAITS);
  }

  /** TiDB accepts LOCK TABLES but, unless enable-table-lock is set, locks nothing. */
  public static boolean tableLocksWork(Pool database) {
    return !isTiDb(database);
  }

  private static boolean isTiDb(Pool database) {
    return database.query("SELECT VERSION()").execute().await().iterator().next().getString(0).contains("TiDB");
  }

  private static long count(Pool database, String sql) {
    return database.query(sql).execute().await().iterator().next().getLong(0);
  }
}
