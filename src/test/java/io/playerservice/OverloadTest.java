package io.playerservice;

import io.playerservice.admission.Bulkhead;
import io.playerservice.bus.PlayerClient;
import io.playerservice.support.ApiTest;
import io.playerservice.support.Locks;
import io.playerservice.support.RawHttp;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
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

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static io.playerservice.support.ProblemAssertions.assertShed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Admission control, run for real: one database connection, held by a trade that waits for a row
 * lock the test holds (or by a read behind LOCK TABLES, which outlasts any deadline), so that every
 * other request must wait for admission or be shed.
 */
class OverloadTest extends ApiTest {
  /** A deadline short enough to wait out. */
  private static final int DEADLINE_MS = 1000;
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
      assertEquals(8, small.metric("requests_shed_total{lane=\"ordinary\",reason=\"queue-full\"}"));
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
      assertTrue(response.contains(Bulkhead.OVERLOADED), response);
      blocker.release();
      assertEquals(200, trade.await().statusCode());
    }
  }

  @Test
  void aWaiterThatCanStillBeServedInTimeWaitsRatherThanBeingShed() {
    try (ServiceUnderTest small = oneConnection(new JsonObject());
         Blocker blocker = Blocker.holdB()) {
      var trade = small.postAsync("/trades", TRADE);
      Locks.awaitBlockedTrade(service.database());

      var create = small.postAsync("/players", player("c", 1, 1));
      Sleep.millis(1500); // longer than a fixed wait of a second would allow; far from the 10 s deadline
      assertFalse(create.isComplete(), "still waiting, not shed");
      blocker.release();

      assertEquals(200, trade.await().statusCode());
      assertEquals(201, create.await().statusCode());
      assertEquals(0, small.metric("requests_shed_total{lane=\"ordinary\",reason=\"waited-too-long\"}"));
    }
  }

  @Test
  void aWaiterIsShedBeforeItsDeadlineWhenNoPlaceFreesAndNothingChanged() {
    assumeTrue(Locks.tableLocksWork(service.database()), "TiDB ignores LOCK TABLES");
    try (ServiceUnderTest small = oneConnection(new JsonObject().put("REQUEST_TIMEOUT_MS", DEADLINE_MS));
         TableLock lock = TableLock.hold()) {
      var stuck = small.getAsync("/players/a"); // holds the one place as long as LOCK TABLES holds it
      Locks.awaitTableLockWaiters(service.database(), 1);

      long start = System.nanoTime();
      HttpResponse<Buffer> create = small.post("/players", player("c", 1, 1));
      long waitedMs = (System.nanoTime() - start) / 1_000_000;

      assertShed(create);
      assertTrue(waitedMs >= DEADLINE_MS / 2 && waitedMs < DEADLINE_MS, "shed once it could no longer be served"
          + " within its " + DEADLINE_MS + " ms, before its 504: " + waitedMs + " ms");
      assertEquals(1, small.metric("requests_shed_total{lane=\"ordinary\",reason=\"waited-too-long\"}"));
      assertProblem(stuck.await(), 504);
      lock.release();
      assertEquals(404, small.getOnceAdmitted("/players/c").statusCode(), "the shed create changed nothing");
    }
  }

  @Test
  void aWaiterIsShedOnceItHasWaitedAdmissionMaxWaitMs() {
    try (ServiceUnderTest small = oneConnection(new JsonObject().put("ADMISSION_MAX_WAIT_MS", 300));
         Blocker blocker = Blocker.holdB()) {
      var trade = small.postAsync("/trades", TRADE);
      Locks.awaitBlockedTrade(service.database());

      long start = System.nanoTime();
      HttpResponse<Buffer> create = small.post("/players", player("c", 1, 1));
      long waitedMs = (System.nanoTime() - start) / 1_000_000;

      assertShed(create);
      assertTrue(waitedMs >= 300 && waitedMs < 2000, "shed after its 300 ms, not at once: " + waitedMs + " ms");
      assertEquals(1, small.metric("requests_shed_total{lane=\"ordinary\",reason=\"waited-too-long\"}"));
      blocker.release();
      assertEquals(200, trade.await().statusCode());
      assertEquals(404, small.getOnceAdmitted("/players/c").statusCode(), "the shed create changed nothing");
    }
  }

  @Test
  void aQueueThatStandsServesTheNewestFirst() throws InterruptedException {
    assumeTrue(Locks.tableLocksWork(service.database()), "TiDB ignores LOCK TABLES");
    List<String> ids = List.of("p1", "p2", "p3", "p4", "p5");
    for (String id : ids) {
      service.post("/players", player(id, 1, 1));
    }
    // A 4 s deadline: the queue stands once its oldest has waited a quarter of it (1 s) for about a
    // service time, while the service time measured, stall included, leaves every waiter time to be served.
    try (ServiceUnderTest small = oneConnection(new JsonObject().put("REQUEST_TIMEOUT_MS", 4000))) {
      for (int i = 0; i < 5; i++) { // the service time it measures before the stall
        assertEquals(200, small.get("/players/a").statusCode());
      }
      Queue<String> served = new ConcurrentLinkedQueue<>();
      List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
      Future<HttpResponse<Buffer>> stuck;
      try (TableLock lock = TableLock.hold()) {
        stuck = small.getAsync("/players/a");
        Locks.awaitTableLockWaiters(service.database(), 1);
        long first = System.nanoTime();
        for (String id : ids) { // they join 100 ms apart while the one place is held
          reads.add(small.getAsync("/players/" + id).onSuccess(r -> served.add(r.bodyAsJsonObject().getString("id"))));
          Thread.sleep(100);
        }
        Sleep.millis(1400 - (System.nanoTime() - first) / 1_000_000);
      }

      assertEquals(200, stuck.await().statusCode());
      for (var read : reads) {
        assertEquals(200, read.await().statusCode(), "all served within their deadline");
      }
      assertEquals(List.of("p5", "p4", "p3", "p2", "p1"), List.copyOf(served), "newest first");
    }
  }

  @Test
  void aBurstFarBeyondThePoolWaitsInsteadOfBeingShedByCount() {
    service.post("/players", player("a", 1000, 1000));
    service.post("/players", player("b", 1000, 1000));
    try (ServiceUnderTest small = ServiceUnderTest.start(new JsonObject()
        .put("DB_POOL_SIZE", 2).put("VERTICLE_INSTANCES", 1))) {
      List<Future<HttpResponse<Buffer>>> trades = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        trades.add(small.postAsync("/trades", TRADE));
      }
      for (var trade : trades) {
        assertEquals(200, trade.await().statusCode(), "300 requests for 2 connections all wait their turn");
      }
      assertEquals(0, small.metric("requests_shed_total{lane=\"ordinary\",reason=\"queue-full\"}"));
      assertEquals(0, small.metric("requests_shed_total{lane=\"ordinary\",reason=\"waited-too-long\"}"));
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

  /** LOCK TABLES player WRITE on a connection of the test's own, until released or closed. */
  private static final class TableLock implements AutoCloseable {
    private final SqlConnection connection;
    private boolean released;

    private TableLock(SqlConnection connection) {
      this.connection = connection;
    }

    static TableLock hold() {
      SqlConnection connection = service.database().getConnection().await();
      connection.query("LOCK TABLES player WRITE").execute().await();
      return new TableLock(connection);
    }

    void release() {
      if (!released) {
        released = true;
        connection.query("UNLOCK TABLES").execute().await();
        connection.close().await();
      }
    }

    @Override
    public void close() {
      release();
    }
  }
}
