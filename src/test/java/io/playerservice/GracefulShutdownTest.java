package io.playerservice;

import io.playerservice.db.Database;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Shutting the service down while a trade is in flight: the trade finishes and answers, the pool
 * closes after it, and the books balance. (SIGTERM in {@code main} runs this same close.)
 */
class GracefulShutdownTest {

  @Test
  void anInFlightTradeFinishesBeforeThePoolCloses() {
    // One instance: with two, this test failed 3 runs in 4 (the close finished at once), so
    // draining across several instances sharing a port is still an open problem (issue #6).
    ServiceUnderTest service = ServiceUnderTest.start(new JsonObject().put("VERTICLE_INSTANCES", 1));
    Vertx outside = Vertx.vertx(); // the client and the other writer outlive the service
    Pool database = MySQLBuilder.pool().connectingTo(Database.connectOptions(service.config)).using(outside).build();
    try {
      service.reset();
      service.post("/players", new JsonObject().put("id", "a").put("coins", 100).put("goods", 100));
      service.post("/players", new JsonObject().put("id", "b").put("coins", 100).put("goods", 100));
      SqlConnection other = database.getConnection().await();
      var tx = other.begin().await();
      other.query("SELECT * FROM player WHERE id = 'b' FOR UPDATE").execute().await();

      var trade = WebClient.create(outside).post(service.config.httpPort(), "localhost", "/trades")
          .sendJson(new JsonObject().put("sellId", "a").put("buyId", "b").put("amount", 1).put("price", 10));
      Locks.awaitBlockedTrade(database);

      Future<Void> closing = service.vertx.close(); // what SIGTERM does
      outside.timer(500).await();
      assertFalse(closing.isComplete(), "the shutdown waits for the trade in flight");

      tx.commit().await();
      other.close().await();
      assertEquals(200, trade.await().statusCode(), "the in-flight trade finished and answered");
      closing.await();

      JsonObject a = database.query("SELECT id, coins, goods FROM player WHERE id IN ('a', 'b') ORDER BY id")
          .execute().await().iterator().next().toJson();
      assertEquals(new JsonObject().put("id", "a").put("coins", 110).put("goods", 99), a);
    } finally {
      database.close().await();
      outside.close().await();
    }
  }
}
