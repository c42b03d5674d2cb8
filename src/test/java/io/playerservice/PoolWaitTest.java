package io.playerservice;

import io.playerservice.bus.PlayerClient;
import io.playerservice.support.ApiTest;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.trade.Trade;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static io.playerservice.support.ProblemAssertions.assertShed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pool's one connection is stuck (its statement waits behind LOCK TABLES). Its request is
 * answered 504 at its deadline but keeps its place in admission while its statement holds the
 * connection, so the requests after it wait for admission, not for the pool, and are shed before
 * their own deadline. They never reached the database, and say so with 503
 * {@code /problems/unavailable}, over HTTP and the event bus alike, with the same detail. Never
 * connection-lost, never "outcome unknown".
 */
class PoolWaitTest extends ApiTest {
  private static final int TIMEOUT_MS = 2000;

  @Test
  void requestsThatNeverGotAConnectionAre503AndChangeNothing() {
    assumeTrue(Locks.tableLocksWork(service.database()), "TiDB ignores LOCK TABLES");
    service.post("/players", player("a", 100, 100));
    service.post("/players", player("b", 100, 100));
    try (ServiceUnderTest small = ServiceUnderTest.startWithOneConnection(TIMEOUT_MS)) {
      PlayerClient bus = new PlayerClient(small.vertx.eventBus(), "", 30_000);
      SqlConnection locker = service.database().getConnection().await();
      try {
        locker.query("LOCK TABLES player WRITE").execute().await();
        Future<HttpResponse<Buffer>> holder = small.getAsync("/players/a"); // takes the one connection
        Locks.awaitTableLockWaiters(service.database(), 1);
        JsonObject late = assertProblem(holder.await(), 504); // it did reach the database, which did not answer
        assertEquals("/problems/timeout", late.getString("type"));

        // One at a time: each waits for the place the stuck request still holds.
        String detail = null;
        for (var request : List.<Supplier<Future<HttpResponse<Buffer>>>>of(
            () -> small.getAsync("/players/b"),
            () -> small.client().post("/players").putHeader("Content-Type", "application/json")
                .putHeader("Idempotency-Key", "pool-wait-1").sendBuffer(player("c", 1, 1).toBuffer()),
            () -> small.postAsync("/trades", trade("a", "b")))) {
          detail = assertShed(request.get().await()).getString("detail");
        }
        for (var request : List.<Supplier<Future<?>>>of(
            () -> bus.get("b"), () -> bus.trade(new Trade("a", "b", 1, 1)))) {
          ReplyException failure = assertThrows(ReplyException.class, () -> request.get().await());
          assertEquals(503, failure.failureCode());
          assertEquals(detail, failure.getMessage(), "the bus gives HTTP's detail");
        }
      } finally {
        locker.query("UNLOCK TABLES").execute().await();
        locker.close().await();
      }
      assertProblem(small.getOnceAdmitted("/players/c"), 404);
      assertEquals(player("a", 100, 100), small.get("/players/a").bodyAsJsonObject(), "no trade happened");
    }
  }

  private static JsonObject trade(String sell, String buy) {
    return new JsonObject().put("sellId", sell).put("buyId", buy).put("amount", 1).put("price", 1);
  }
}
