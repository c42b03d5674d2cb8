package io.playerservice;

import io.playerservice.bus.PlayerClient;
import io.playerservice.support.ApiTest;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static io.playerservice.support.ProblemAssertions.assertShed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A trade answered 504 by its deadline while its statement still waits keeps its admission place
 * until the statement ends, over HTTP as on the event bus: with one connection, the requests after
 * it wait for admission and are shed before their own deadline (503, nothing changed), rather than
 * being admitted to wait for a connection the 504'd trade still holds. Once the statement ends, the
 * place is free again.
 */
class DeadlinePlaceTest extends ApiTest {
  private static final int TIMEOUT_MS = 1000;

  @Test
  void aTradeAnswered504HoldsItsPlaceUntilItsStatementEnds() {
    assumeTrue(Locks.tableLocksWork(service.database()), "TiDB ignores LOCK TABLES");
    service.post("/players", player("a", 100, 100));
    service.post("/players", player("b", 100, 100));
    try (ServiceUnderTest small = ServiceUnderTest.startWithOneConnection(TIMEOUT_MS)) {
      PlayerClient bus = new PlayerClient(small.vertx.eventBus(), "", 30_000);
      SqlConnection locker = service.database().getConnection().await();
      try {
        // Behind LOCK TABLES the trade's locking read waits past any deadline, unlike a row lock's 1205.
        locker.query("LOCK TABLES player WRITE").execute().await();
        var trade = small.postAsync("/trades",
            new JsonObject().put("sellId", "a").put("buyId", "b").put("amount", 1).put("price", 10));
        Locks.awaitTableLockWaiters(service.database(), 1);
        assertProblem(trade.await(), 504);

        assertShed(small.get("/players/b"));
        ReplyException overBus = assertThrows(ReplyException.class, () -> bus.get("b").await());
        assertEquals(503, overBus.failureCode());
        assertEquals(2, small.metric("requests_shed_total{lane=\"ordinary\",reason=\"waited-too-long\"}"),
            "both waited for the place the 504'd trade holds, not for the pool");
        assertEquals(1, Locks.tableLockWaiters(service.database()), "nothing else reached the database");
      } finally {
        locker.query("UNLOCK TABLES").execute().await();
        locker.close().await();
      }
      // The statement ends (the trade commits: its outcome was unknown), and its place is free again.
      await("the 504'd trade committed").atMost(Duration.ofSeconds(10))
          .until(() -> service.get("/trades?player=a").bodyAsJsonObject().getJsonArray("trades").size() == 1);
      assertEquals(player("a", 110, 99), small.getOnceAdmitted("/players/a").bodyAsJsonObject());
      assertEquals(player("b", 90, 101), small.get("/players/b").bodyAsJsonObject());
    }
  }
}
