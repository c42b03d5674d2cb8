package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.playerservice.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With every connection busy and the wait queue full, requests are shed at once with 503. */
class OverloadTest extends ApiTest {

  @Test
  void aFullWaitQueueSheds503AtOnceAndHealthStillAnswers() throws InterruptedException {
    service.post("/players", player("a", 100, 100));
    service.post("/players", player("b", 100, 100));
    try (ServiceUnderTest small = ServiceUnderTest.start(new JsonObject()
        .put("DB_POOL_SIZE", 1).put("DB_MAX_WAIT_QUEUE", 2).put("VERTICLE_INSTANCES", 1))) {
      SqlConnection other = service.database().getConnection().await();
      var tx = other.begin().await();
      other.query("SELECT * FROM player WHERE id = 'b' FOR UPDATE").execute().await();

      // The one pooled connection is now stuck in this trade, waiting for b's lock.
      var trade = small.postAsync("/trades",
          new JsonObject().put("sellId", "a").put("buyId", "b").put("amount", 1).put("price", 1));
      Locks.awaitBlockedTrade(service.database());

      List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        reads.add(small.getAsync("/players/a"));
      }
      // Two may wait for the connection; the other eight are answered at once. Which two
      // depends on the order the requests arrive in, so wait for any eight.
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (reads.stream().filter(Future::isComplete).count() < 8 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      List<Future<HttpResponse<Buffer>>> answered = reads.stream().filter(Future::isComplete).toList();
      List<Future<HttpResponse<Buffer>>> queued = reads.stream().filter(r -> !r.isComplete()).toList();
      assertEquals(8, answered.size(), "eight shed within 2 s, not after a wait");
      for (var response : answered) {
        assertProblem(response.result(), 503);
        assertEquals("1", response.result().getHeader("Retry-After"));
      }
      assertEquals(200, small.get("/health/live").statusCode(), "health answers under overload");

      tx.commit().await();
      other.close().await();
      assertEquals(200, trade.await().statusCode());
      for (var read : queued) {
        assertEquals(200, read.await().statusCode(), "the two that queued were served");
      }
    }
  }
}
