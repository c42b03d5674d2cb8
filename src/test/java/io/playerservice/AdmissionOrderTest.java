package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.support.Locks;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bulkhead's rules, asserted by the order in which requests are admitted, never by their
 * latencies: when a place frees, waiting trades and writes go before waiting listings; while
 * ordinary requests are at work, listings hold no more than their share of the connections, so
 * the others find one; with none at work, a listing takes any free place at once; and a count,
 * which needs no connection, is answered at once unless an ordinary request waits.
 */
class AdmissionOrderTest extends ApiTest {
  /** Long enough for every request sent to have reached admission, on a loaded machine too. */
  private static final long SETTLE_MS = 300;

  @Test
  void whenAPlaceFreesTradesAndWritesGoBeforeWaitingListingsAndCounts() {
    for (String id : List.of("a", "b", "c", "d")) {
      service.post("/players", player(id, 1000, 1000));
    }
    // One connection: every request is admitted one at a time, so the order of the answers is the order of admission.
    try (ServiceUnderTest small = ServiceUnderTest.start(new JsonObject()
        .put("DB_POOL_SIZE", 1).put("VERTICLE_INSTANCES", 1).put("COUNT_MAX_AGE_MS", 60_000))) {
      assertEquals(4, small.count()); // the count is in memory from now on
      Queue<String> answered = new ConcurrentLinkedQueue<>();
      List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
      Future<HttpResponse<Buffer>> blocked;
      SqlConnection holder = service.database().getConnection().await();
      try {
        Transaction tx = holder.begin().await();
        holder.query("SELECT * FROM player WHERE id = 'b' FOR UPDATE").execute().await();
        blocked = small.postAsync("/trades", trade("a", "b")); // holds the one place, waiting for b's row
        Locks.awaitBlockedTrade(service.database());

        for (int i = 1; i <= 2; i++) {
          requests.add(tagged(answered, "listing-" + i, small.getAsync("/players?limit=10")));
          Sleep.millis(SETTLE_MS / 3); // each arrives after the one before
        }
        requests.add(tagged(answered, "trade-1", small.postAsync("/trades", trade("c", "d"))));
        Sleep.millis(SETTLE_MS / 3);
        requests.add(tagged(answered, "count", small.getAsync("/players/count")));
        Sleep.millis(SETTLE_MS / 3);
        requests.add(tagged(answered, "create", small.postAsync("/players", player("e", 1, 1))));
        Sleep.millis(SETTLE_MS / 3);
        requests.add(tagged(answered, "trade-2", small.postAsync("/trades", trade("d", "c"))));
        Sleep.millis(SETTLE_MS);
        assertEquals(List.of(), List.copyOf(answered), "nothing admitted while the place is held");
        tx.commit().await();
      } finally {
        holder.close().await();
      }

      assertEquals(200, blocked.await().statusCode());
      for (var request : requests) {
        assertEquals(2, request.await().statusCode() / 100, request.result().bodyAsString());
      }
      // Ordinary requests in their order, whatever came before them. The count needs no place: it is
      // answered from memory once no ordinary request waits, as the last one (trade-2) starts. The
      // listings go last, in their order.
      assertEquals(List.of("trade-1", "create", "count", "trade-2", "listing-1", "listing-2"), List.copyOf(answered));
    }
  }

  @Test
  void listingsKeepToTheirShareWhileOthersWorkAndTakeAnyFreePlaceWhenNoneDo() {
    assumeTrue(Locks.tableLocksWork(service.database()), "TiDB ignores LOCK TABLES");
    service.post("/players", player("a", 1000, 1000));
    // Four connections, of which listings hold one while ordinary requests are at work.
    try (ServiceUnderTest small = ServiceUnderTest.start(new JsonObject()
        .put("DB_POOL_SIZE", 4).put("VERTICLE_INSTANCES", 1).put("DB_READ_CONNECTIONS", 1))) {
      // Every statement on player waits behind LOCK TABLES, so the places held are the statements waiting.
      List<Future<HttpResponse<Buffer>>> noneAtWork = new ArrayList<>();
      withTableLocked(() -> {
        for (int i = 0; i < 3; i++) {
          noneAtWork.add(small.getAsync("/players"));
        }
        Locks.awaitTableLockWaiters(service.database(), 3); // three listings on four places, share or not
      });
      for (var listing : noneAtWork) {
        assertEquals(200, listing.await().statusCode());
      }

      List<Future<HttpResponse<Buffer>>> mixed = new ArrayList<>();
      withTableLocked(() -> {
        mixed.add(small.getAsync("/players/a")); // an ordinary request at work
        Locks.awaitTableLockWaiters(service.database(), 1);
        mixed.add(small.getAsync("/players")); // within the listings' share: admitted at once
        Locks.awaitTableLockWaiters(service.database(), 2);
        Future<HttpResponse<Buffer>> beyondShare = small.getAsync("/players");
        mixed.add(beyondShare);
        Sleep.millis(SETTLE_MS);
        assertEquals(2, Locks.tableLockWaiters(service.database()), "a second listing waits, two places free");
        assertFalse(beyondShare.isComplete());
        mixed.add(small.postAsync("/players", player("b", 1, 1))); // a write finds a place at once
        Locks.awaitTableLockWaiters(service.database(), 3);
        mixed.add(small.getAsync("/players/a"));
        Locks.awaitTableLockWaiters(service.database(), 4);
      });
      for (var request : mixed) {
        assertEquals(2, request.await().statusCode() / 100, request.result().bodyAsString());
      }
    }
  }

  private static Future<HttpResponse<Buffer>> tagged(Queue<String> answered, String tag,
      Future<HttpResponse<Buffer>> request) {
    return request.onSuccess(response -> answered.add(tag));
  }

  private static JsonObject trade(String sell, String buy) {
    return new JsonObject().put("sellId", sell).put("buyId", buy).put("amount", 1).put("price", 1);
  }

  /** Runs {@code body} while the test holds LOCK TABLES player WRITE, then unlocks. */
  private static void withTableLocked(Runnable body) {
    SqlConnection locker = service.database().getConnection().await();
    try {
      locker.query("LOCK TABLES player WRITE").execute().await();
      body.run();
    } finally {
      locker.query("UNLOCK TABLES").execute().await();
      locker.close().await();
    }
  }
}
