package io.playerservice;

import io.playerservice.bus.PlayerClient;
import io.playerservice.support.ApiTest;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.trade.Trade;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another transaction holds a row lock for longer than the service's innodb_lock_wait_timeout
 * (a quarter of REQUEST_TIMEOUT_MS, here 1 s): the request ends with the database's 1205 and a
 * 503 that says nothing changed, before its deadline's 504, over HTTP and the event bus. A trade
 * waits again only while another wait, and as long again to answer, fit: here once (at 1 s),
 * and it answers at about 2 s.
 */
class LockWaitTest extends ApiTest {
  private static final int TIMEOUT_MS = 4000;

  @Test
  void aRowLockedPastTheLockWaitTimeoutIs503BeforeTheDeadline() {
    service.post("/players", player("a", 100, 100));
    service.post("/players", player("b", 100, 100));
    try (ServiceUnderTest service4s = ServiceUnderTest.start(new JsonObject().put("REQUEST_TIMEOUT_MS", TIMEOUT_MS))) {
      SqlConnection other = service.database().getConnection().await();
      try {
        var tx = other.begin().await();
        other.query("SELECT * FROM player WHERE id = 'b' FOR UPDATE").execute().await();

        long start = System.nanoTime();
        var trade = service4s.post("/trades",
            new JsonObject().put("sellId", "a").put("buyId", "b").put("amount", 1).put("price", 10));
        long tradeMs = (System.nanoTime() - start) / 1_000_000;
        JsonObject problem = assertProblem(trade, 503);
        assertEquals("/problems/unavailable", problem.getString("type"));
        assertTrue(problem.getString("detail").contains("nothing was changed"), problem.encode());
        assertTrue(tradeMs >= 1900 && tradeMs < TIMEOUT_MS - 1000,
            "answered after two 1 s lock waits, well before the deadline: " + tradeMs + " ms");

        // An UPDATE outside any transaction waits for the same lock, and ends the same way.
        assertEquals(problem.getString("detail"),
            assertProblem(service4s.put("/players/b", new JsonObject().put("coins", 1).put("goods", 1)), 503)
                .getString("detail"));

        PlayerClient bus = new PlayerClient(service4s.vertx.eventBus(), "");
        ReplyException overBus = assertThrows(ReplyException.class,
            () -> bus.trade(new Trade("a", "b", 1, 10)).await());
        assertEquals(503, overBus.failureCode());
        assertEquals(problem.getString("detail"), overBus.getMessage(), "the bus gives HTTP's detail");
        tx.rollback().await();
      } finally {
        other.close().await();
      }
      assertEquals(player("a", 100, 100), service4s.get("/players/a").bodyAsJsonObject());
      assertEquals(player("b", 100, 100), service4s.get("/players/b").bodyAsJsonObject());
      assertTrue(service4s.metric("trade_retries_total{code=\"1205\"}") >= 1,
          "a lock wait timeout is retried while another wait fits before the deadline");
    }
  }
}
