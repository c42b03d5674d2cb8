package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.trade.TradeCursor;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ledger at scale: for a player with 100,000 trades, the first page and a deep one are keyset
 * pages on an index, never an OFFSET or a scan. The rows the server reads for each page are
 * counted on its side (the Handler_read status counters), so the test does not depend on timing.
 */
class LedgerScaleTest extends ApiTest {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerScaleTest.class);
  private static final int TRADES = 100_000;
  /** A page of 20 reads 21 rows from each of two indexes, and each row once more by primary key. */
  private static final long MOST_ROWS_READ = 200;

  @Test
  void theFirstAndADeepPageReadOnlyTheirOwnRows() {
    assumeTrue(sequenceEngine(), "MariaDB's sequence engine fills the ledger fast; this database has none");
    service.post("/players", player("whale", 1_000_000, 1_000_000));
    service.post("/players", player("other", 1_000_000, 1_000_000));
    // Trade n is at 2026-01-01 + n ms; odd ones the whale sells, even ones it buys.
    service.database().query("INSERT INTO trade SELECT UNHEX(MD5(CONCAT('t-', seq))),"
        + " IF(seq % 2, 'whale', 'other'), IF(seq % 2, 'other', 'whale'), 1, 1, 1, 1, 1, 1,"
        + " TIMESTAMP'2026-01-01 00:00:00' + INTERVAL seq * 1000 MICROSECOND, NULL FROM seq_1_to_" + TRADES)
        .execute().await();
    SqlConnection observer = service.database().getConnection().await();
    try {
      JsonArray first = page(observer, "/trades?player=whale&limit=20", "the first page");
      assertEquals(at(TRADES), first.getJsonObject(0).getJsonObject("trade").getString("at"), "newest first");

      // A cursor 90,000 trades deep: just after trade 10,001.
      int deep = 10_001;
      Row row = service.database().query("SELECT HEX(id) FROM trade WHERE traded_at = TIMESTAMP'2026-01-01 00:00:00'"
          + " + INTERVAL " + deep + " * 1000 MICROSECOND").execute().await().iterator().next();
      String hex = row.getString(0);
      UUID id = new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
      String cursor = new TradeCursor(Instant.parse(at(deep)), id).encode();
      JsonArray deepPage = page(observer, "/trades?player=whale&limit=20&after=" + cursor, "a page 90,000 deep");
      assertEquals(at(deep - 1), deepPage.getJsonObject(0).getJsonObject("trade").getString("at"), "the page goes on right after the cursor");
      assertEquals(at(deep - 20), deepPage.getJsonObject(19).getJsonObject("trade").getString("at"));
    } finally {
      observer.close().await();
    }
  }

  /** The page at {@code path}; asserts how many rows the server read for it. */
  private static JsonArray page(SqlConnection observer, String path, String what) {
    service.get(path); // once unmeasured: the connection, the statement's preparation, the JIT
    long overhead = rowsRead(observer);
    overhead = rowsRead(observer) - overhead; // what reading the counters itself reads
    long before = rowsRead(observer);
    long started = System.nanoTime();
    var response = service.get(path);
    long micros = (System.nanoTime() - started) / 1000;
    long read = rowsRead(observer) - before - overhead;
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonArray trades = response.bodyAsJsonObject().getJsonArray("trades");
    assertEquals(20, trades.size());
    LOG.info("{} of a player with {} trades: {} µs, {} rows read on the server", what, TRADES, micros, read);
    assertTrue(read <= MOST_ROWS_READ, what + " read " + read + " rows on the server: a scan, not a keyset page");
    return trades;
  }

  /** Rows the server has read through indexes and scans, all sessions (Handler_read_*). */
  private static long rowsRead(SqlConnection observer) {
    long sum = 0;
    for (Row row : observer.query("SHOW GLOBAL STATUS LIKE 'Handler_read%'").execute().await()) {
      sum += Long.parseLong(row.getString(1));
    }
    return sum;
  }

  private static boolean sequenceEngine() {
    try {
      service.database().query("SELECT 1 FROM seq_1_to_1").execute().await();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Trade n's time as the API shows it. */
  private static String at(int n) {
    return Instant.parse("2026-01-01T00:00:00Z").plusMillis(n).toString();
  }
}
