package io.playerservice;

import io.playerservice.bus.PlayerClient;
import io.playerservice.db.Database;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.trade.Trade;
import io.playerservice.trade.TradeResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Shutting the service down while trades are in flight on several verticle instances: every
 * trade finishes and answers, the pool closes after them, and the books balance. (SIGTERM in
 * {@code main} runs this same close.)
 */
@ExtendWith(VertxExtension.class)
class GracefulShutdownTest {
  private static final int INSTANCES = 4;

  /**
   * The client and the other writer are on {@code outside}, a Vert.x apart that outlives the
   * service's (VertxExtension closes it after the test).
   */
  @Test
  void tradesInFlightOnEveryInstanceFinishBeforeThePoolCloses(Vertx outside) {
    ServiceUnderTest service = ServiceUnderTest.start(new JsonObject().put("VERTICLE_INSTANCES", INSTANCES));
    Pool database = MySQLBuilder.pool().connectingTo(Database.connectOptions(service.config)).using(outside).build();
    service.reset();
    service.post("/players", new JsonObject().put("id", "a").put("coins", 100).put("goods", 100));
    service.post("/players", new JsonObject().put("id", "b").put("coins", 100).put("goods", 100));
    SqlConnection other = database.getConnection().await();
    var tx = other.begin().await();
    other.query("SELECT * FROM player WHERE id = 'b' FOR UPDATE").execute().await();

    // One connection per trade: the server hands new connections to its instances in turn.
    WebClient client = WebClient.create(outside);
    List<Future<HttpResponse<Buffer>>> trades = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      trades.add(client.post(service.config.httpPort(), "localhost", "/trades")
          .sendJson(new JsonObject().put("sellId", "a").put("buyId", "b").put("amount", 1).put("price", 10)));
    }
    Locks.awaitBlockedTrades(database, INSTANCES);

    Future<Void> closing = service.vertx.close(); // what SIGTERM does
    outside.timer(500).await();
    assertFalse(closing.isComplete(), "the shutdown waits for the trades in flight");

    tx.commit().await();
    other.close().await();
    for (var trade : trades) {
      assertEquals(200, trade.await().statusCode(), "an in-flight trade finished and answered");
    }
    closing.await();

    JsonObject a = database.query("SELECT id, coins, goods FROM player WHERE id IN ('a', 'b') ORDER BY id")
        .execute().await().iterator().next().toJson();
    assertEquals(new JsonObject().put("id", "a").put("coins", 100 + 10 * INSTANCES)
        .put("goods", 100 - INSTANCES), a);
  }

  /** A back-end node (no HTTP) drains the trades it took from the event bus the same way. */
  @Test
  void aBusTradeInFlightOnABackEndNodeFinishesBeforeThePoolCloses(Vertx outside) {
    ServiceUnderTest service = ServiceUnderTest.start(new JsonObject()
        .put("HTTP_ENABLED", false).put("VERTICLE_INSTANCES", 2));
    Pool database = MySQLBuilder.pool().connectingTo(Database.connectOptions(service.config)).using(outside).build();
    service.reset();
    PlayerClient client = new PlayerClient(service.vertx.eventBus(), "");
    client.create("c", 100, 100).compose(v -> client.create("d", 100, 100)).await();
    SqlConnection other = database.getConnection().await();
    var tx = other.begin().await();
    other.query("SELECT * FROM player WHERE id = 'd' FOR UPDATE").execute().await();

    Future<TradeResult> trade = client.trade(new Trade("c", "d", 1, 10));
    Locks.awaitBlockedTrade(database);
    Future<Void> closing = service.vertx.close();
    outside.timer(500).await();
    assertFalse(closing.isComplete(), "the shutdown waits for the bus trade in flight");

    tx.commit().await();
    other.close().await();
    assertEquals(110, trade.await().seller().coins(), "the in-flight bus trade finished and replied");
    closing.await();
  }
}
