package io.playerservice;

import io.playerservice.bus.PlayerClient;
import io.playerservice.support.ApiTest;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.trade.Trade;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Once its requests are answered, the service holds no transaction open on any of its connections,
 * whichever way the requests ended: answered, refused, past their deadline behind a lock, or
 * after a lock wait timeout. An open one keeps its tables' metadata locks, so an operator's
 * {@code LOCK TABLES} or {@code ALTER TABLE} would wait on a service that does nothing.
 */
class IdleTransactionsTest extends ApiTest {
  /** The transactions of {@code user}'s sessions, with the session; never the asking one's. */
  private static final String OPEN_TRANSACTIONS = "SELECT t.trx_mysql_thread_id, t.trx_state,"
      + " t.trx_rows_modified, t.trx_lock_structs, p.COMMAND, p.INFO FROM information_schema.INNODB_TRX t"
      + " JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
      + " WHERE p.USER = ? AND p.ID <> CONNECTION_ID()";
  private static final String JSON = "application/json";

  @Test
  void everyRouteAnsweredOrRefused() {
    everyRoute();
    assertNoTransactionStaysOpen();
  }

  /**
   * Every data route waits behind LOCK TABLES past its deadline (504), then runs when the lock
   * goes: the trades and bulk creates in transactions, which then end with the use case.
   */
  @Test
  void everyDataRoutePastItsDeadline() {
    assumeTrue(Locks.tableLocksWork(service.database()), "TiDB ignores LOCK TABLES");
    service.post("/players/bulk", new JsonArray().add(player("alice", 100, 10)).add(player("bob", 100, 10)));
    // A pool large enough for every request held at once, on whichever instance it lands.
    try (ServiceUnderTest impatient = ServiceUnderTest.start(new JsonObject().put("REQUEST_TIMEOUT_MS", 300)
        .put("DB_POOL_SIZE", 16 * Runtime.getRuntime().availableProcessors()))) {
      SqlConnection locker = service.database().getConnection().await();
      List<Future<HttpResponse<Buffer>>> held = new ArrayList<>();
      try {
        locker.query("LOCK TABLES player WRITE, trade WRITE").execute().await();
        for (String[] request : new String[][] {
            {"POST", "/players", "{\"id\":\"carol\",\"coins\":1,\"goods\":2}", null},
            {"POST", "/players", "{\"id\":\"dave\",\"coins\":1,\"goods\":2}", "k-late-create"},
            {"POST", "/players/bulk", "[{\"id\":\"bob\",\"coins\":1,\"goods\":1}]", null},
            {"GET", "/players", null, null}, {"GET", "/players/count", null, null},
            {"GET", "/players/alice", null, null}, {"PUT", "/players/nobody", "{\"coins\":1,\"goods\":1}", null},
            {"DELETE", "/players/nobody", null, null},
            {"POST", "/trades", trade("alice", "bob", 1, 1), null},
            {"POST", "/trades", trade("alice", "nobody", 1, 1), null},
            {"POST", "/trades", trade("alice", "bob", 999, 1), "k-late-refused"},
            {"GET", "/trades", null, null}, {"GET", "/trades?player=alice", null, null}}) {
          var sent = impatient.client().request(HttpMethod.valueOf(request[0]), request[1]);
          if (request[3] != null) {
            sent.putHeader("Idempotency-Key", request[3]);
          }
          held.add(request[2] == null ? sent.send()
              : sent.putHeader("Content-Type", JSON).sendBuffer(Buffer.buffer(request[2])));
        }
        for (Future<HttpResponse<Buffer>> response : held) {
          // 503 if its new connection took longer than half the deadline to open, as on a busy machine.
          int status = response.await().statusCode();
          assertTrue(status == 504 || status == 503, status + " " + response.result().bodyAsString());
        }
      } finally {
        locker.query("UNLOCK TABLES").execute().await();
        locker.close().await();
      }
      assertNoTransactionStaysOpen();
    }
  }

  /** A row held past innodb_lock_wait_timeout: the trade, the update and the bus trade end with 1205 (503). */
  @Test
  void lockWaitTimeouts() {
    service.post("/players/bulk", new JsonArray().add(player("alice", 100, 10)).add(player("bob", 100, 10)));
    // A lock wait of a quarter of the deadline, 1 s, ends before the deadline's 504.
    try (ServiceUnderTest patient = ServiceUnderTest.start(new JsonObject().put("REQUEST_TIMEOUT_MS", 4000))) {
      SqlConnection other = service.database().getConnection().await();
      try {
        var tx = other.begin().await();
        other.query("SELECT * FROM player WHERE id = 'bob' FOR UPDATE").execute().await();
        assertEquals(503, patient.post("/trades", new JsonObject(trade("alice", "bob", 1, 1))).statusCode());
        assertEquals(503, patient.send(HttpMethod.POST, "/trades", JSON, Buffer.buffer(trade("alice", "bob", 1, 1)),
            "k-timed-out").statusCode());
        assertEquals(503, patient.put("/players/bob", new JsonObject().put("coins", 1).put("goods", 1)).statusCode());
        ReplyException overBus = assertThrows(ReplyException.class,
            () -> new PlayerClient(patient.vertx.eventBus(), "").trade(new Trade("alice", "bob", 1, 10)).await());
        assertEquals(503, overBus.failureCode());
        tx.rollback().await();
      } finally {
        other.close().await();
      }
      assertNoTransactionStaysOpen();
    }
  }

  /**
   * Trades both ways between two players while another application locks them in the opposite
   * order (deadlocks, retried), and requests racing for the same Idempotency-Keys.
   */
  @Test
  void contendedTradesAndRacingKeys() {
    service.post("/players/bulk", new JsonArray().add(player("alice", 1_000_000, 1_000_000))
        .add(player("bob", 1_000_000, 1_000_000)));
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      boolean even = i % 2 == 0;
      all.add(service.postAsync("/trades", new JsonObject(trade(even ? "alice" : "bob", even ? "bob" : "alice", 1, 1))));
      all.add(service.client().post("/trades").putHeader("Idempotency-Key", "k-race-" + i % 5)
          .putHeader("Content-Type", JSON).sendBuffer(Buffer.buffer(trade("alice", "bob", 1, 1))));
      all.add(service.client().post("/players").putHeader("Idempotency-Key", "k-player-" + i % 5)
          .putHeader("Content-Type", JSON).sendBuffer(Buffer.buffer("{\"coins\":1,\"goods\":1}")));
      if (i % 10 == 0) {
        all.add(service.database().withTransaction(conn -> conn.query("SELECT * FROM player WHERE id = 'bob' FOR UPDATE")
            .execute().compose(locked -> conn.query("SELECT * FROM player WHERE id = 'alice' FOR UPDATE").execute())));
      }
    }
    Future.join(all).otherwiseEmpty().await();
    assertNoTransactionStaysOpen();
  }

  /**
   * No transaction of the service's user stays open, and an operator's LOCK TABLES on every table
   * it writes gets its locks at once.
   */
  private static void assertNoTransactionStaysOpen() {
    // INNODB_TRX is refreshed only after 100 ms without a read (Locks): poll slower than that.
    await("no open transaction of the idle service").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(150))
        .untilAsserted(() -> assertEquals(List.of(), openTransactions()));
    if (Locks.tableLocksWork(service.database())) {
      SqlConnection operator = service.database().getConnection().await();
      try {
        operator.query("SET SESSION lock_wait_timeout = 5").execute().await();
        operator.query("LOCK TABLES player WRITE, trade WRITE, idempotency_key WRITE").execute().await();
        operator.query("UNLOCK TABLES").execute().await();
      } finally {
        operator.close().await();
      }
    }
  }

  /** Requests on every route, each with the status it must get: successes, refusals and faults of the client. */
  private static void everyRoute() {
    service.post("/players/bulk", new JsonArray().add(player("alice", 100, 10)).add(player("bob", 100, 10))
        .add(player("carol", 1, 1)));
    String tradeId = service.post("/trades", trade("bob", "alice", 1, 1)).bodyAsJsonObject()
        .getJsonObject("trade").getString("id");
    send(HttpMethod.POST, "/players", "{\"id\":\"dave\",\"coins\":1,\"goods\":2}", null, 201);
    send(HttpMethod.POST, "/players", "{\"coins\":-1,\"goods\":2}", null, 400);
    send(HttpMethod.POST, "/players", "{\"id\":\"alice\",\"coins\":1,\"goods\":2}", null, 409);
    send(HttpMethod.POST, "/players", "{\"coins\":1,\"goods\":2}", "k-create", 201);
    send(HttpMethod.POST, "/players", "{\"coins\":1,\"goods\":2}", "k-create", 201);
    send(HttpMethod.POST, "/players", "{\"coins\":9,\"goods\":2}", "k-create", 422);
    send(HttpMethod.POST, "/players", "{\"id\":\"alice\",\"coins\":1,\"goods\":2}", "k-dup", 409);
    send(HttpMethod.POST, "/players", "{\"id\":\"alice\",\"coins\":1,\"goods\":2}", "k-dup", 409);
    send(HttpMethod.POST, "/players/bulk", "[{\"coins\":1,\"goods\":1}]", null, 201);
    send(HttpMethod.POST, "/players/bulk", "[{\"id\":\"bob\",\"coins\":1,\"goods\":1}]", null, 409);
    send(HttpMethod.POST, "/players/bulk", "[{\"coins\":1,\"goods\":1}]", "k-bulk", 201);
    send(HttpMethod.POST, "/players/bulk", "[{\"coins\":2,\"goods\":1}]", "k-bulk", 422);
    send(HttpMethod.POST, "/players/bulk", "[{\"id\":\"bob\",\"coins\":1,\"goods\":1}]", "k-bulk-dup", 409);
    send(HttpMethod.GET, "/players?limit=2&after=a", null, null, 200);
    send(HttpMethod.GET, "/players?limit=0", null, null, 400);
    send(HttpMethod.GET, "/players/count", null, null, 200);
    send(HttpMethod.GET, "/players/alice", null, null, 200);
    send(HttpMethod.GET, "/players/nobody", null, null, 404);
    send(HttpMethod.PUT, "/players/bob", "{\"coins\":50,\"goods\":5}", null, 200);
    send(HttpMethod.PUT, "/players/nobody", "{\"coins\":1,\"goods\":1}", null, 404);
    send(HttpMethod.DELETE, "/players/carol", null, null, 204);
    send(HttpMethod.DELETE, "/players/carol", null, null, 404);
    send(HttpMethod.POST, "/trades", trade("alice", "bob", 2, 10), null, 200);
    send(HttpMethod.POST, "/trades", trade("alice", "alice", 2, 10), null, 400);
    send(HttpMethod.POST, "/trades", trade("alice", "nobody", 2, 10), null, 404);
    send(HttpMethod.POST, "/trades", trade("alice", "bob", 999, 10), null, 409);
    send(HttpMethod.POST, "/trades", trade("alice", "bob", 1, 1), "k-trade", 200);
    send(HttpMethod.POST, "/trades", trade("alice", "bob", 1, 1), "k-trade", 200);
    send(HttpMethod.POST, "/trades", trade("alice", "bob", 1, 2), "k-trade", 422);
    send(HttpMethod.POST, "/trades", trade("alice", "bob", 999, 1), "k-short", 409);
    send(HttpMethod.POST, "/trades", trade("alice", "bob", 999, 1), "k-short", 409);
    send(HttpMethod.POST, "/trades", trade("alice", "nobody", 1, 1), "k-ghost", 404);
    send(HttpMethod.POST, "/trades", trade("alice", "nobody", 1, 1), "k-ghost", 404);
    send(HttpMethod.GET, "/trades?player=alice&limit=1", null, null, 200);
    send(HttpMethod.GET, "/trades?limit=1", null, null, 200);
    send(HttpMethod.GET, "/trades/" + tradeId, null, null, 200);
    send(HttpMethod.GET, "/trades/" + UUID.randomUUID(), null, null, 404);
    send(HttpMethod.GET, "/health/ready", null, null, 200);
  }

  private static void send(HttpMethod method, String path, String json, String key, int status) {
    var response = service.send(method, path, json == null ? null : JSON,
        json == null ? null : Buffer.buffer(json), key);
    assertEquals(status, response.statusCode(), method + " " + path + " " + json + " → " + response.bodyAsString());
  }

  private static List<String> openTransactions() {
    List<String> open = new ArrayList<>();
    for (Row row : service.database().preparedQuery(OPEN_TRANSACTIONS).execute(Tuple.of(service.config.dbUser()))
        .await()) {
      open.add(row.toJson().encode());
    }
    return open;
  }

  private static String trade(String sell, String buy, int amount, int price) {
    return new JsonObject().put("sellId", sell).put("buyId", buy).put("amount", amount).put("price", price).encode();
  }
}
