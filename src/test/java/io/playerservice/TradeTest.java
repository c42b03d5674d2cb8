package io.playerservice;

import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code POST /trades}: the seed's example, then every rejection, each changing nothing. */
class TradeTest extends ApiTest {
  private static final int MAX = Integer.MAX_VALUE;

  private static JsonObject trade(String sellId, String buyId, int amount, int price) {
    return new JsonObject().put("sellId", sellId).put("buyId", buyId).put("amount", amount).put("price", price);
  }

  private static void create(String id, int coins, int goods) {
    assertEquals(201, service.post("/players", player(id, coins, goods)).statusCode());
  }

  /** Asserts the trade is refused with this status and detail, and that no balance moved. */
  private static void assertRefused(Object body, int status, String detail) {
    JsonArray before = service.allPlayers();
    var problem = assertProblem(service.post("/trades", body), status);
    if (detail != null) {
      assertEquals(detail, problem.getString("detail"));
    }
    assertEquals(before, service.allPlayers(), "a refused trade changes nothing");
  }

  @Test
  void theSeedsTradeExample() {
    create("1", 100, 0);
    create("2", 114514, 20);

    assertRefused(trade("2", "1", 10, 500), 409, "buy player 1 coins not enough");

    var response = service.post("/trades", trade("2", "1", 2, 100));
    assertEquals(200, response.statusCode());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(player("2", 114614, 18), body.getJsonObject("seller"));
    assertEquals(player("1", 0, 2), body.getJsonObject("buyer"));
    JsonObject ledgerRow = body.getJsonObject("trade");
    assertEquals(trade("2", "1", 2, 100), new JsonObject().put("sellId", ledgerRow.getString("sellId"))
        .put("buyId", ledgerRow.getString("buyId")).put("amount", ledgerRow.getInteger("amount"))
        .put("price", ledgerRow.getInteger("price")));
    assertEquals("/trades/" + ledgerRow.getString("id"), response.getHeader("Location"));
    assertEquals(body, service.get("/trades/" + ledgerRow.getString("id")).bodyAsJsonObject(),
        "the ledger shows the trade as the answer did");
    assertEquals(player("1", 0, 2), service.get("/players/1").bodyAsJsonObject());
    assertEquals(player("2", 114614, 18), service.get("/players/2").bodyAsJsonObject());
  }

  @Test
  void tradesWorkWhicheverIdSortsFirst() {
    create("a", 100, 100);
    create("b", 100, 100);

    assertEquals(200, service.post("/trades", trade("a", "b", 1, 10)).statusCode());
    assertEquals(200, service.post("/trades", trade("b", "a", 5, 3)).statusCode());

    assertEquals(player("a", 107, 104), service.get("/players/a").bodyAsJsonObject());
    assertEquals(player("b", 93, 96), service.get("/players/b").bodyAsJsonObject());
  }

  @Test
  void aFreeGiftAndAnExactBalanceAreAllowed() {
    create("s", 0, 5);
    create("b", 7, 0);

    // Every good the seller has, for every coin the buyer has.
    assertEquals(200, service.post("/trades", trade("s", "b", 5, 7)).statusCode());
    // And back again as a gift.
    assertEquals(200, service.post("/trades", trade("b", "s", 5, 0)).statusCode());

    assertEquals(player("s", 7, 5), service.get("/players/s").bodyAsJsonObject());
    assertEquals(player("b", 0, 0), service.get("/players/b").bodyAsJsonObject());
  }

  @Test
  void aSellerShortOfGoodsIsAConflict() {
    create("s", 0, 1);
    create("b", 1000, 0);
    assertRefused(trade("s", "b", 2, 10), 409, "sell player s goods not enough");
  }

  @Test
  void aBuyerShortOfCoinsIsAConflict() {
    create("s", 0, 10);
    create("b", 9, 0);
    assertRefused(trade("s", "b", 1, 10), 409, "buy player b coins not enough");
  }

  @Test
  void theSellerIsCheckedBeforeTheBuyer() {
    create("s", 0, 0);
    create("b", 0, 0);
    assertRefused(trade("s", "b", 1, 10), 409, "sell player s goods not enough");
  }

  @Test
  void unknownPlayersAre404NamingWhich() {
    create("known", 100, 100);
    assertRefused(trade("ghost", "known", 1, 1), 404, "sell player ghost not found");
    assertRefused(trade("known", "ghost", 1, 1), 404, "buy player ghost not found");
    assertRefused(trade("ghost", "phantom", 1, 1), 404, "sell player ghost and buy player phantom not found");
  }

  @Test
  void aSellerWhoseCoinsWouldOverflowIsRefused() {
    create("s", MAX - 5, 10);
    create("b", 100, 0);
    assertRefused(trade("s", "b", 1, 6), 409, "sell player s coins would exceed 2147483647");
    assertEquals(200, service.post("/trades", trade("s", "b", 1, 5)).statusCode());
    assertEquals(player("s", MAX, 9), service.get("/players/s").bodyAsJsonObject());
  }

  @Test
  void aBuyerWhoseGoodsWouldOverflowIsRefused() {
    create("s", 0, MAX);
    create("b", 100, MAX - 1);
    assertRefused(trade("s", "b", 2, 1), 409, "buy player b goods would exceed 2147483647");
    assertRefused(trade("s", "b", MAX, 1), 409, "buy player b goods would exceed 2147483647");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":0,\"price\":1}",
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":-1,\"price\":1}",
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":1,\"price\":-1}",
      "{\"sellId\":\"s\",\"buyId\":\"s\",\"amount\":1,\"price\":1}",
      "{\"buyId\":\"b\",\"amount\":1,\"price\":1}",
      "{\"sellId\":\"s\",\"amount\":1,\"price\":1}",
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"price\":1}",
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":1}",
      "{\"sellId\":1,\"buyId\":\"b\",\"amount\":1,\"price\":1}",
      "{\"sellId\":\"s\",\"buyId\":null,\"amount\":1,\"price\":1}",
      "{\"sellId\":\"\",\"buyId\":\"b\",\"amount\":1,\"price\":1}",
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":\"1\",\"price\":1}",
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":1.5,\"price\":1}",
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":1,\"price\":true}",
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":2147483648,\"price\":1}",
      "{\"sellId\":\"s\",\"buyId\":\"b\",\"amount\":1,\"price\":1,\"fee\":1}",
      "[]",
      "",
      "{\"sellId\":\"s\",",
  })
  void malformedTradesAre400(String body) {
    create("s", 1000, 1000);
    create("b", 1000, 1000);
    assertRefused(body, 400, null);
  }
}
