package io.playerservice.support;

import io.vertx.sqlclient.Pool;

/** Helpers for tests that hold row locks to stall the service on purpose. */
public final class Locks {
  private Locks() {
  }

  /** Waits until the service's locking SELECT is in progress on the server, i.e. blocked. */
  public static void awaitBlockedTrade(Pool database) {
    awaitBlockedTrades(database, 1);
  }

  /** Waits until {@code count} trades are blocked in their locking SELECT. */
  public static void awaitBlockedTrades(Pool database, int count) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      long waiting = database.query("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
              + " WHERE INFO LIKE 'SELECT id, coins, goods FROM player WHERE id IN%FOR UPDATE'")
          .execute().await().iterator().next().getLong(0);
      if (waiting >= count) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("fewer than " + count + " of the service's trades waited for the lock");
  }

  /** Waits until {@code count} statements wait behind LOCK TABLES (a table metadata lock). */
  public static void awaitTableLockWaiters(Pool database, int count) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      long waiting = database.query("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
              + " WHERE STATE = 'Waiting for table metadata lock'")
          .execute().await().iterator().next().getLong(0);
      if (waiting >= count) {
        return;
      }
      Sleep.millis(20);
    }
    throw new AssertionError("fewer than " + count + " statements waited behind LOCK TABLES");
  }

  /** TiDB accepts LOCK TABLES but, unless enable-table-lock is set, locks nothing. */
  public static boolean tableLocksWork(Pool database) {
    String version = database.query("SELECT VERSION()").execute().await().iterator().next().getString(0);
    return !version.contains("TiDB");
  }
}
