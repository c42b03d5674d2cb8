package io.playerservice;

import io.playerservice.admission.Admission;
import io.playerservice.bus.PlayerClient;
import io.playerservice.support.ApiTest;
import io.playerservice.support.Locks;
import io.playerservice.support.RawHttp;
import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.playerservice.support.ProblemAssertions.assertShed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission control, run for real: one database connection, held by a trade that waits for a row
 * lock the test holds, so that every other request must wait for admission or be shed.
 */
class OverloadTest extends ApiTest {
  private static final JsonObject TRADE =
      new JsonObject().put("sellId", "a").put("buyId", "b").put("amount", 1).put("price", 1);

  @Test
  void aFullWaitingRoomShedsAtOnceWithTheSamePrebuiltAnswerAndHealthStillAnswers() throws InterruptedException {
    try (ServiceUnderTest small = oneConnection(new JsonObject().put("DB_MAX_WAIT_QUEUE", 2));
         Blocker blocker = Blocker.holdB()) {
      var trade = small.postAsync("/trades", TRADE);
      Locks.awaitBlockedTrade(service.database());

      List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        reads.add(small.getAsync("/players/a"));
      }
      // Two may wait for the connection; the other eight are answered at once. Which two
      // depends on the order the requests arrive in, so wait for any eight.
      await("eight shed within 2 s, not after a wait").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
          .until(() -> reads.stream().filter(Future::isComplete).count() >= 8);
      List<Future<HttpResponse<Buffer>>> answered = reads.stream().filter(Future::isComplete).toList();
      List<Future<HttpResponse<Buffer>>> queued = reads.stream().filter(r -> !r.isComplete()).toList();
      assertEquals(8, answered.size(), "eight shed within 2 s, not after a wait");
      String first = answered.get(0).result().bodyAsString();
      for (var response : answered) {
        assertShed(response.result());
        assertEquals(first, response.result().bodyAsString(), "the same prebuilt answer every time");
        assertNull(response.result().getHeader("X-Request-Id"), "a shed request costs no id");
      }
      assertEquals(8, small.metric("requests_shed_total{lane=\"all\",reason=\"queue-full\"}"));
      assertEquals(200, small.get("/health/live").statusCode(), "health answers under overload");
      assertEquals(200, small.get("/metrics").statusCode());

      blocker.release();
      assertEquals(200, trade.await().statusCode());
      for (var read : queued) {
        assertEquals(200, read.await().statusCode(), "the two that waited were served");
      }
    }
  }

  @Test
  void aFullWaitingRoomShedsARequestBeforeItsBodyIsRead() {
    try (ServiceUnderTest small = oneConnection(new JsonObject().put("DB_MAX_WAIT_QUEUE", 0));
         Blocker blocker = Blocker.holdB();
         RawHttp client = RawHttp.connect(small.config.httpPort())) {
      var trade = small.postAsync("/trades", TRADE);
      Locks.awaitBlockedTrade(service.database());

      // The head promises a megabyte-less-one body that never comes: the answer cannot wait for it.
      client.send("POST /players HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000000\r\n\r\n");
      String response = client.readResponse();

      assertTrue(response.startsWith("HTTP/1.1 503"), response);
      assertTrue(response.contains(Admission.OVERLOADED), response);
      blocker.release();
      assertEquals(200, trade.await().statusCode());
    }
  }

  @Test
  void aWaiterIsShedOnceItHasWaitedTooLongAndNothingChanged() {
    try (ServiceUnderTest small = oneConnection(new JsonObject().put("ADMISSION_MAX_WAIT_MS", 300));
         Blocker blocker = Blocker.holdB()) {
      var trade = small.postAsync("/trades", TRADE);
      Locks.awaitBlockedTrade(service.database());

      long start = System.nanoTime();
      HttpResponse<Buffer> create = small.post("/players", player("c", 1, 1));
      long waitedMs = (System.nanoTime() - start) / 1_000_000;

      assertShed(create);
      assertTrue(waitedMs >= 300 && waitedMs < 3000, "shed after its 300 ms, not at once nor at the deadline: "
          + waitedMs + " ms");
      assertEquals(1, small.metric("requests_shed_total{lane=\"all\",reason=\"waited-too-long\"}"));
      blocker.release();
      assertEquals(200, trade.await().statusCode());
      assertEquals(404, small.get("/players/c").statusCode(), "the shed create changed nothing");
    }
  }

  @Test
  void aQueueThatCannotDrainInTimeServesTheNewestFirst() throws InterruptedException {
    List<String> ids = List.of("p1", "p2", "p3", "p4", "p5");
    for (String id : ids) {
      service.post("/players", player(id, 1, 1));
    }
    try (ServiceUnderTest small = oneConnection(new JsonObject().put("ADMISSION_MAX_WAIT_MS", 4000));
         Blocker blocker = Blocker.holdB()) {
      var trade = small.postAsync("/trades", TRADE);
      Locks.awaitBlockedTrade(service.database());

      // Five reads join the queue 150 ms apart, while the one connection serves nothing: at that
      // pace (one request in over a second) five waiters would need far more than twice the
      // 1 s target (a quarter of the 4 s wait) to be served in order.
      Queue<String> served = new ConcurrentLinkedQueue<>();
      List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
      for (String id : ids) {
        reads.add(small.getAsync("/players/" + id).onSuccess(r -> served.add(r.bodyAsJsonObject().getString("id"))));
        Thread.sleep(150);
      }
      blocker.release();

      assertEquals(200, trade.await().statusCode());
      for (var read : reads) {
        assertEquals(200, read.await().statusCode(), "all served within their 4 s");
      }
      assertEquals(List.of("p5", "p4", "p3", "p2", "p1"), List.copyOf(served), "newest first");
    }
  }

  @Test
  void aBurstFarBeyondThePoolWaitsInsteadOfBeingShedByCount() {
    service.post("/players", player("a", 1000, 1000));
    service.post("/players", player("b", 1000, 1000));
    try (ServiceUnderTest small = ServiceUnderTest.start(new JsonObject()
        .put("DB_POOL_SIZE", 2).put("VERTICLE_INSTANCES", 1).put("ADMISSION_MAX_WAIT_MS", 3000))) {
      List<Future<HttpResponse<Buffer>>> trades = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        trades.add(small.postAsync("/trades", TRADE));
      }
      for (var trade : trades) {
        assertEquals(200, trade.await().statusCode(), "300 requests for 2 connections all wait their turn");
      }
      assertEquals(0, small.metric("requests_shed_total{lane=\"all\",reason=\"queue-full\"}"));
      assertEquals(0, small.metric("requests_shed_total{lane=\"all\",reason=\"waited-too-long\"}"));
      assertEquals(1000 - 300, small.get("/players/b").bodyAsJsonObject().getInteger("coins"));
    }
  }

  @Test
  void aShedBusRequestGetsTheStatusAndDetailHttpGets() {
    try (ServiceUnderTest small = oneConnection(new JsonObject().put("DB_MAX_WAIT_QUEUE", 0));
         Blocker blocker = Blocker.holdB()) {
      var trade = small.postAsync("/trades", TRADE);
      Locks.awaitBlockedTrade(service.database());

      JsonObject http = assertShed(small.get("/players/a"));
      PlayerClient bus = new PlayerClient(small.vertx.eventBus(), "", 5_000);
      ReplyException shed = assertThrows(ReplyException.class, () -> bus.get("a").await());

      assertEquals(503, shed.failureCode());
      assertEquals(http.getString("detail"), shed.getMessage());
      blocker.release();
      assertEquals(200, trade.await().statusCode());
      assertEquals("a", bus.get("a").await().id(), "served once the connection is free");
    }
  }

  /** A service with a single database connection, and players a and b. */
  private static ServiceUnderTest oneConnection(JsonObject settings) {
    service.post("/players", player("a", 1000, 1000));
    service.post("/players", player("b", 1000, 1000));
    return ServiceUnderTest.start(settings.copy().put("DB_POOL_SIZE", 1).put("VERTICLE_INSTANCES", 1));
  }

  /** Holds player b's row lock in a transaction of the test's own, until released or closed. */
  private static final class Blocker implements AutoCloseable {
    private final SqlConnection connection;
    private final Transaction tx;
    private boolean released;

    private Blocker(SqlConnection connection, Transaction tx) {
      this.connection = connection;
      this.tx = tx;
    }

    static Blocker holdB() {
      SqlConnection connection = service.database().getConnection().await();
      Transaction tx = connection.begin().await();
      connection.query("SELECT * FROM player WHERE id = 'b' FOR UPDATE").execute().await();
      return new Blocker(connection, tx);
    }

    void release() {
      if (!released) {
        released = true;
        tx.commit().await();
        connection.close().await();
      }
    }

    @Override
    public void close() {
      release();
    }
  }
}
