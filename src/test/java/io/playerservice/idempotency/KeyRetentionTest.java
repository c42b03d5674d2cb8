package io.playerservice.idempotency;

import io.playerservice.support.Clients;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys expire after IDEMPOTENCY_KEY_TTL: a key used again runs as new, and expired keys are purged in batches. */
class KeyRetentionTest {

  private static long expiredKeys(ServiceUnderTest service) {
    return service.database().query("SELECT COUNT(*) FROM idempotency_key WHERE expires_at <= UTC_TIMESTAMP(3)")
        .execute().await().iterator().next().getLong(0);
  }

  @Test
  void aKeyUsedAgainAfterItExpiredRunsAsNew() {
    try (ServiceUnderTest service = ServiceUnderTest.start(new JsonObject().put("IDEMPOTENCY_KEY_TTL", "1s"))) {
      service.reset();
      service.post("/players", new JsonObject().put("id", "s").put("coins", 0).put("goods", 10));
      service.post("/players", new JsonObject().put("id", "b").put("coins", 100).put("goods", 0));
      Buffer trade = new JsonObject().put("sellId", "s").put("buyId", "b").put("amount", 1).put("price", 10).toBuffer();

      var first = service.send(HttpMethod.POST, "/trades", "application/json", trade, "expiring");
      var replay = service.send(HttpMethod.POST, "/trades", "application/json", trade, "expiring");
      assertEquals("true", replay.getHeader("Idempotent-Replayed"), "within the TTL: a replay");
      Sleep.millis(1200);
      var afterExpiry = service.send(HttpMethod.POST, "/trades", "application/json", trade, "expiring");

      assertEquals(200, afterExpiry.statusCode());
      assertNull(afterExpiry.getHeader("Idempotent-Replayed"));
      assertNotEquals(first.bodyAsJsonObject().getJsonObject("trade").getString("id"),
          afterExpiry.bodyAsJsonObject().getJsonObject("trade").getString("id"));
      assertEquals(2, service.get("/players/b").bodyAsJsonObject().getInteger("goods"), "two trades, one per use");
    }
  }

  @Test
  void expiredKeysArePurgedInBatchesOfAtMostAThousand() {
    try (ServiceUnderTest service = ServiceUnderTest.start(new JsonObject().put("IDEMPOTENCY_KEY_TTL", "1s"))) {
      service.reset();
      int keys = 2500;
      AtomicInteger next = new AtomicInteger();
      Clients.run(32, () -> next.get() < keys, client -> service.client().post("/players")
          .putHeader("Content-Type", "application/json")
          .putHeader("Idempotency-Key", "purge-" + next.getAndIncrement())
          .sendBuffer(new JsonObject().put("coins", 1).put("goods", 1).toBuffer())
          .map(response -> {
            assertEquals(201, response.statusCode(), response.bodyAsString());
            return null;
          }));
      assertEquals(keys, service.count());

      await("expired keys purged").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
          .until(() -> expiredKeys(service) == 0 && service.metric("idempotency_key_purge_rows_sum") >= keys);
      assertEquals(0, service.database().query("SELECT COUNT(*) FROM idempotency_key").execute().await()
          .iterator().next().getLong(0), "every key was purged");
      double largest = service.metric("idempotency_key_purge_rows_max");
      assertTrue(largest > 0 && largest <= IdempotencyRepository.PURGE_BATCH,
          "no statement deleted more than a batch: " + largest);
      assertTrue(service.metric("idempotency_key_purge_rows_count") >= 3, "2500 rows took three statements or more");
      assertEquals(keys, service.count(), "purging keys deletes no player");
    }
  }
}
