package io.playerservice.bus;

import io.playerservice.support.ApiTest;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.trade.Trade;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A bus request gets the deadline an HTTP request gets (REQUEST_TIMEOUT_MS), whatever the sender's
 * own timeout: the service answers 504 in time, with the detail HTTP gives for the same request.
 */
class BusDeadlineTest extends ApiTest {
  private static final int TIMEOUT_MS = 1500;

  @Test
  void aBusRequestThatTheDatabaseDoesNotAnswerGets504AtTheDeadlineLikeHttp() {
    assumeTrue(Locks.tableLocksWork(service.database()), "TiDB ignores LOCK TABLES");
    service.post("/players", player("a", 100, 100));
    service.post("/players", player("b", 100, 100));
    // The lock outlasts two deadlines; the statements waiting behind it must not be closed as dead.
    try (ServiceUnderTest quick = ServiceUnderTest.start(new JsonObject().put("REQUEST_TIMEOUT_MS", TIMEOUT_MS)
        .put("DB_SOCKET_TIMEOUT_MS", 10 * TIMEOUT_MS))) {
      PlayerClient patient = new PlayerClient(quick.vertx.eventBus(), "", 30_000);
      SqlConnection locker = service.database().getConnection().await();
      try {
        locker.query("LOCK TABLES player WRITE").execute().await();

        var httpTrade = quick.postAsync("/trades",
            new JsonObject().put("sellId", "a").put("buyId", "b").put("amount", 1).put("price", 10));
        var httpRead = quick.getAsync("/players/a");
        long start = System.nanoTime();
        var busTrade = assertThrows(ReplyException.class, () -> patient.trade(new Trade("a", "b", 1, 10)).await());
        long busMs = (System.nanoTime() - start) / 1_000_000;
        var busRead = assertThrows(ReplyException.class, () -> patient.get("a").await());

        assertEquals(ReplyFailure.RECIPIENT_FAILURE, busTrade.failureType(), "the service answered, not the timer");
        assertEquals(504, busTrade.failureCode());
        assertTrue(busMs < TIMEOUT_MS + 1000, "answered by the deadline: " + busMs + " ms");
        assertEquals(assertProblem(httpTrade.await(), 504).getString("detail"), busTrade.getMessage());
        assertEquals(504, busRead.failureCode());
        assertEquals(assertProblem(httpRead.await(), 504).getString("detail"), busRead.getMessage());
        assertTrue(busRead.getMessage().endsWith("a read changes nothing: try again"), busRead.getMessage());
      } finally {
        locker.query("UNLOCK TABLES").execute().await();
        locker.close().await();
      }
      // Both trades answered 504 were still waiting, and commit now: wait for them, so that the
      // next test's reset does not race their writes.
      await("the two trades answered 504 committed after the unlock").atMost(Duration.ofSeconds(10))
          .until(() -> quick.get("/trades?player=a").bodyAsJsonObject().getJsonArray("trades").size() >= 2);
    }
  }
}
