package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A trade whose connection is cut while its writes are in flight together (the balance UPDATE, the
 * ledger INSERT and the key INSERT, one round trip: db/Database.PIPELINING_LIMIT). The client then
 * completes only the first of them (db/PipelinedCloseTest); db/Pipelined still ends the trade, at
 * once: a 503 whose outcome is unknown, not the deadline's 504. Nothing changed, the retry with the
 * same key trades once, and the service's one database connection is replaced, not held by the
 * abandoned transaction.
 */
class PipelinedCutTest extends ApiTest {
  private static final String JSON = "application/json";
  /**
   * Holds the trade's UPDATE, the first of its three writes, inside the server, with the other two
   * written behind it. A trigger, since the trade's own locks leave nothing else that can stop it.
   */
  private static final String SLOW_UPDATE = "CREATE TRIGGER slow_update BEFORE UPDATE ON player"
      + " FOR EACH ROW SET @slept = SLEEP(60)";
  /** The session sleeping in it, by the state MariaDB and MySQL report for SLEEP(). */
  private static final String SLEEPING = "SELECT ID FROM information_schema.PROCESSLIST WHERE STATE = 'User sleep'";

  @Test
  void aTradeCutOffWithItsWritesInFlightEndsAndItsRetryTradesOnce() {
    Pool database = service.database();
    assumeTrue(!database.query("SELECT VERSION()").execute().await().iterator().next().getString(0)
        .contains("TiDB"), "TiDB has no triggers");
    service.post("/players/bulk", new JsonArray().add(player("alice", 100, 10)).add(player("bob", 100, 10)));
    String trade = new JsonObject().put("sellId", "alice").put("buyId", "bob").put("amount", 2).put("price", 5).encode();
    // A deadline far past the cut, so that a trade left hanging would answer its 504, not a 503.
    try (ServiceUnderTest one = ServiceUnderTest.startWithOneConnection(10_000)) {
      database.query(SLOW_UPDATE).execute().await();
      HttpResponse<Buffer> cut;
      try {
        Future<HttpResponse<Buffer>> sent = one.client().post("/trades").putHeader("Idempotency-Key", "k-cut")
            .putHeader("Content-Type", JSON).sendBuffer(Buffer.buffer(trade));
        long sleeping = await("the trade's UPDATE sleeping in the trigger").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20)).until(() -> sleepingSession(database), id -> id > 0);
        database.query("KILL CONNECTION " + sleeping).execute().await();
        cut = sent.await();
      } finally {
        database.query("DROP TRIGGER IF EXISTS slow_update").execute().await();
      }

      assertEquals(503, cut.statusCode(), cut.bodyAsString());
      assertTrue(cut.bodyAsString().contains("retry with the same Idempotency-Key"), cut.bodyAsString());
      assertBalances(100, 10, 100, 10);
      HttpResponse<Buffer> retried = one.send(HttpMethod.POST, "/trades", JSON, Buffer.buffer(trade), "k-cut");
      assertEquals(200, retried.statusCode(), "the one connection was replaced: " + retried.bodyAsString());
      HttpResponse<Buffer> replayed = one.send(HttpMethod.POST, "/trades", JSON, Buffer.buffer(trade), "k-cut");
      assertEquals(retried.bodyAsString(), replayed.bodyAsString());
      assertBalances(105, 8, 95, 12); // the seller gives 2 goods for the price, 5 coins
      assertEquals(1, one.get("/trades?player=alice").bodyAsJsonObject().getJsonArray("trades").size());
    }
  }

  private static long sleepingSession(Pool database) {
    for (Row row : database.query(SLEEPING).execute().await()) {
      return row.getLong(0);
    }
    return 0;
  }

  private static void assertBalances(int aliceCoins, int aliceGoods, int bobCoins, int bobGoods) {
    JsonObject alice = service.get("/players/alice").bodyAsJsonObject();
    JsonObject bob = service.get("/players/bob").bodyAsJsonObject();
    assertEquals(aliceCoins, alice.getInteger("coins"), alice.encode());
    assertEquals(aliceGoods, alice.getInteger("goods"), alice.encode());
    assertEquals(bobCoins, bob.getInteger("coins"), bob.encode());
    assertEquals(bobGoods, bob.getInteger("goods"), bob.encode());
  }
}
