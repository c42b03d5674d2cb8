package io.playerservice.idempotency;

import io.playerservice.support.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Idempotency-Key} on the three creating POSTs, through HTTP: one effect per key however
 * often and however concurrently it is sent, the first final answer given again, a reused key
 * refused, and nothing stored for a malformed request.
 */
class IdempotencyKeyTest {
  private static final String JSON = "application/json";
  /** Four API instances on two event loops: concurrent requests meet on different instances. */
  private static ServiceUnderTest service;

  @BeforeAll
  static void start() {
    service = ServiceUnderTest.start(new JsonObject().put("VERTICLE_INSTANCES", 4).put("DB_POOL_SIZE", 16));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @BeforeEach
  void emptyTables() {
    service.reset();
  }

  private static HttpResponse<Buffer> post(String path, Object body, String key) {
    return service.send(HttpMethod.POST, path, JSON, Buffer.buffer(body.toString()), key);
  }

  private static JsonObject trade(String sellId, String buyId, int amount, int price) {
    return new JsonObject().put("sellId", sellId).put("buyId", buyId).put("amount", amount).put("price", price);
  }

  private static void create(String id, int coins, int goods) {
    assertEquals(201, service.post("/players", new JsonObject().put("id", id).put("coins", coins).put("goods", goods))
        .statusCode());
  }

  private static JsonObject player(String id) {
    return service.get("/players/" + id).bodyAsJsonObject();
  }

  private static JsonArray ledgerOf(String id) {
    return service.get("/trades?limit=1000&player=" + id).bodyAsJsonObject().getJsonArray("trades");
  }

  @Test
  void thirtyTwoConcurrentRequestsWithOneKeyTradeOnce() {
    create("s", 0, 100);
    create("b", 1000, 0);
    String key = UUID.randomUUID().toString();
    double replaysBefore = service.metric("idempotent_replays_total{operation=\"trade\"}");
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      sent.add(service.client().post("/trades").putHeader("Content-Type", JSON).putHeader("Idempotency-Key", key)
          .sendBuffer(trade("s", "b", 1, 10).toBuffer()));
    }
    Future.all(sent).await();

    Set<String> tradeIds = new HashSet<>();
    int replayed = 0;
    for (Future<HttpResponse<Buffer>> answer : sent) {
      HttpResponse<Buffer> response = answer.result();
      assertEquals(200, response.statusCode(), response.bodyAsString());
      tradeIds.add(response.bodyAsJsonObject().getJsonObject("trade").getString("id"));
      replayed += "true".equals(response.getHeader("Idempotent-Replayed")) ? 1 : 0;
    }
    assertEquals(1, tradeIds.size(), "every answer names the same trade");
    assertEquals(31, replayed, "all but the first are replays");
    assertEquals(1, ledgerOf("s").size(), "one ledger row");
    assertEquals(key, ledgerOf("s").getJsonObject(0).getJsonObject("trade").getString("idempotencyKey"));
    assertEquals(new JsonObject().put("id", "s").put("coins", 10).put("goods", 99), player("s"), "one balance change");
    assertEquals(new JsonObject().put("id", "b").put("coins", 990).put("goods", 1), player("b"));
    assertEquals(31.0, service.metric("idempotent_replays_total{operation=\"trade\"}") - replaysBefore, 0.0);
  }

  @Test
  void aReplayIsTheFirstAnswerWithItsLocationEvenForAReformattedBody() {
    create("s", 0, 100);
    create("b", 1000, 0);
    HttpResponse<Buffer> first = post("/trades", trade("s", "b", 2, 7), "k1");
    HttpResponse<Buffer> again = post("/trades", "{ \"price\": 7,\n \"amount\": 2, \"buyId\": \"b\", \"sellId\": \"s\" }", "k1");

    assertEquals(200, again.statusCode());
    assertEquals(first.bodyAsJsonObject(), again.bodyAsJsonObject());
    assertEquals(first.getHeader("Location"), again.getHeader("Location"));
    assertNull(first.getHeader("Idempotent-Replayed"));
    assertEquals("true", again.getHeader("Idempotent-Replayed"));
    assertEquals(1, ledgerOf("s").size());
  }

  @Test
  void aKeyReusedForAnotherRequestIs422AndChangesNothing() {
    create("s", 0, 100);
    create("b", 1000, 0);
    assertEquals(200, post("/trades", trade("s", "b", 1, 10), "k2").statusCode());
    JsonObject seller = player("s");
    double reusesBefore = service.metric("idempotency_key_reuses_total{operation=\"trade\"}");

    var problem = assertProblem(post("/trades", trade("s", "b", 1, 11), "k2"), 422);
    assertEquals("/problems/idempotency-key-reused", problem.getString("type"));
    assertProblem(post("/players", new JsonObject().put("coins", 1).put("goods", 1), "k2"), 422);
    assertProblem(post("/players/bulk", new JsonArray().add(new JsonObject().put("coins", 1).put("goods", 1)), "k2"), 422);

    assertEquals(seller, player("s"));
    assertEquals(1, ledgerOf("s").size());
    assertEquals(2, service.count(), "no player was created");
    assertEquals(1.0, service.metric("idempotency_key_reuses_total{operation=\"trade\"}") - reusesBefore, 0.0);
  }

  @Test
  void aRefusedTradeStaysRefusedForItsKeyEvenOnceTheBuyerHasCoins() {
    create("s", 0, 100);
    create("b", 5, 0);
    var refused = assertProblem(post("/trades", trade("s", "b", 1, 10), "k3"), 409);
    assertEquals("buy player b coins not enough", refused.getString("detail"));

    assertEquals(200, service.put("/players/b", new JsonObject().put("coins", 1000).put("goods", 0)).statusCode());
    HttpResponse<Buffer> again = post("/trades", trade("s", "b", 1, 10), "k3");
    var replayed = assertProblem(again, 409);
    assertEquals(refused.getString("detail"), replayed.getString("detail"));
    assertEquals(refused.getString("type"), replayed.getString("type"));
    assertEquals("true", again.getHeader("Idempotent-Replayed"));
    assertEquals(0, ledgerOf("s").size(), "no trade happened");
    assertEquals(1000, player("b").getInteger("coins"));

    // A new key is a new intent: now it trades.
    assertEquals(200, post("/trades", trade("s", "b", 1, 10), "k4").statusCode());
  }

  @Test
  void anUnknownPlayerStaysUnknownForItsKey() {
    create("s", 0, 100);
    assertProblem(post("/trades", trade("s", "later", 1, 0), "k5"), 404);
    create("later", 0, 0);
    HttpResponse<Buffer> again = post("/trades", trade("s", "later", 1, 0), "k5");
    assertProblem(again, 404);
    assertEquals("true", again.getHeader("Idempotent-Replayed"));
    assertEquals(0, ledgerOf("s").size());
  }

  @Test
  void aCreateWithAGeneratedIdReplaysTheSamePlayer() {
    JsonObject body = new JsonObject().put("coins", 3).put("goods", 4);
    HttpResponse<Buffer> first = post("/players", body, "k6");
    HttpResponse<Buffer> again = post("/players", body, "k6");

    assertEquals(201, first.statusCode());
    assertEquals(201, again.statusCode());
    assertEquals(first.bodyAsJsonObject(), again.bodyAsJsonObject(), "the same generated id");
    assertEquals(first.getHeader("Location"), again.getHeader("Location"));
    assertEquals("true", again.getHeader("Idempotent-Replayed"));
    assertEquals(1, service.count());
  }

  @Test
  void aDuplicateIdStaysAConflictForItsKeyEvenOnceThePlayerIsGone() {
    create("taken", 1, 1);
    JsonObject body = new JsonObject().put("id", "taken").put("coins", 2).put("goods", 2);
    assertProblem(post("/players", body, "k7"), 409);
    assertEquals(204, service.delete("/players/taken").statusCode());

    HttpResponse<Buffer> again = post("/players", body, "k7");
    assertProblem(again, 409);
    assertEquals("true", again.getHeader("Idempotent-Replayed"));
    assertEquals(0, service.count(), "the key did not create the player after all");
  }

  @Test
  void aBulkCreateHappensOncePerKey() {
    JsonArray batch = new JsonArray().add(new JsonObject().put("id", "x1").put("coins", 1).put("goods", 1))
        .add(new JsonObject().put("id", "x2").put("coins", 1).put("goods", 1));
    assertEquals(201, post("/players/bulk", batch, "k8").statusCode());
    HttpResponse<Buffer> again = post("/players/bulk", batch, "k8");
    assertEquals(201, again.statusCode(), "a replay, not a 409 for ids that now exist");
    assertEquals(new JsonObject().put("created", 2), again.bodyAsJsonObject());
    assertEquals("true", again.getHeader("Idempotent-Replayed"));
    assertEquals(2, service.count());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\there", "caf\u00e9", "\u00a0nbsp"})
  void aMalformedKeyIs400AndChangesNothing(String key) {
    create("s", 0, 100);
    create("b", 1000, 0);
    var problem = assertProblem(post("/trades", trade("s", "b", 1, 10), key), 400);
    assertEquals("/problems/invalid-idempotency-key", problem.getString("type"));
    assertEquals(0, ledgerOf("s").size());
  }

  @Test
  void keysOf255CharactersAreAcceptedAnd256Refused() {
    create("s", 0, 100);
    create("b", 1000, 0);
    assertEquals(200, post("/trades", trade("s", "b", 1, 10), "k".repeat(255)).statusCode());
    var problem = assertProblem(post("/trades", trade("s", "b", 1, 10), "k".repeat(256)), 400);
    assertEquals("/problems/invalid-idempotency-key", problem.getString("type"));
    assertEquals(1, ledgerOf("s").size());
  }

  @Test
  void aMalformedRequestStoresNothingUnderItsKey() {
    create("s", 0, 100);
    create("b", 1000, 0);
    assertProblem(post("/trades", "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":0,\"price\":1}", "k9"), 400);
    assertEquals(200, post("/trades", trade("s", "b", 1, 10), "k9").statusCode(),
        "the key was not used up by the 400");
  }

  @Test
  void aTimeoutSaysHowToLearnTheOutcomeAndTheKeyedRetryTradesOnce() {
    create("s", 0, 100);
    create("b", 1000, 0);
    try (ServiceUnderTest impatient = ServiceUnderTest.start(new JsonObject().put("REQUEST_TIMEOUT_MS", 300))) {
      SqlConnection locker = service.database().getConnection().await();
      try {
        locker.query("LOCK TABLES player WRITE").execute().await();
        var keyed = assertProblem(impatient.send(HttpMethod.POST, "/trades", JSON, trade("s", "b", 1, 10).toBuffer(),
            "slow-1"), 504);
        assertTrue(keyed.getString("detail").contains("retry with the same Idempotency-Key"), keyed.encode());
        var bare = assertProblem(impatient.post("/trades", trade("s", "b", 1, 10)), 504);
        assertTrue(bare.getString("detail").contains("GET /trades?player=<sellId>"), bare.encode());
      } finally {
        locker.query("UNLOCK TABLES").execute().await();
        locker.close().await();
      }
      // The two trades blocked behind the lock go ahead now; the keyed retry must not add a third.
      var retry = impatient.send(HttpMethod.POST, "/trades", JSON, trade("s", "b", 1, 10).toBuffer(), "slow-1");
      assertEquals(200, retry.statusCode(), retry.bodyAsString());
      await("both trades behind the lock committed").atMost(Duration.ofSeconds(5))
          .until(() -> ledgerOf("s").size() >= 2);
      assertEquals(2, ledgerOf("s").size(), "the keyed trade once, the bare one once");
      assertEquals(98, player("s").getInteger("goods"));
    }
  }

  @Test
  void withoutAKeyEveryRequestTakesEffect() {
    create("s", 0, 100);
    create("b", 1000, 0);
    HttpResponse<Buffer> first = service.post("/trades", trade("s", "b", 1, 10));
    HttpResponse<Buffer> second = service.post("/trades", trade("s", "b", 1, 10));
    assertNotEquals(first.bodyAsJsonObject().getJsonObject("trade").getString("id"),
        second.bodyAsJsonObject().getJsonObject("trade").getString("id"));
    assertNull(second.getHeader("Idempotent-Replayed"));
    assertEquals(2, ledgerOf("s").size());
    assertTrue(ledgerOf("s").stream().allMatch(t -> !((JsonObject) t).getJsonObject("trade").containsKey("idempotencyKey")));
  }
}
