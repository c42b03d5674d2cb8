package io.playerservice.bus;

import io.playerservice.idempotency.StoredAnswer;
import io.playerservice.player.Player;
import io.playerservice.support.ApiTest;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.trade.Trade;
import io.playerservice.trade.TradePage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every event-bus address, through the typed client, with the same rules and codes as HTTP. */
class EventBusApiTest extends ApiTest {

  private PlayerClient client() {
    return new PlayerClient(service.vertx.eventBus(), "");
  }

  /** The HTTP-like status the failed future carries. */
  private static int failure(Future<?> future) {
    Throwable error = assertThrows(Throwable.class, future::await);
    return PlayerClient.status(error);
  }

  @Test
  void everyUseCaseWorksOverTheBus() {
    PlayerClient bus = client();

    assertEquals(new Player("1", 100, 0), bus.create("1", 100, 0).await());
    Player generated = bus.create(5, 5).await();
    assertEquals(36, generated.id().length(), "a generated UUID");
    bus.delete(generated.id()).await(); // it could sort anywhere among the ids listed below
    assertEquals(3, bus.createAll(List.of(new Player("2", 114514, 20), new Player("3", 1, 1),
        new Player("4", 1, 1))).await());
    assertEquals(4, bus.count().await());
    assertEquals(new Player("2", 114514, 20), bus.get("2").await());
    assertEquals(List.of("1", "2"), bus.list(2, null).await().stream().map(Player::id).toList());
    assertEquals(List.of("3"), bus.list(1, "2").await().stream().map(Player::id).toList());

    var result = bus.trade(new Trade("2", "1", 2, 100)).await();
    assertEquals(new Player("2", 114614, 18), result.seller());
    assertEquals(new Player("1", 0, 2), result.buyer());

    assertEquals(new Player("3", 7, 8), bus.update(new Player("3", 7, 8)).await());
    bus.delete("4").await();
    assertEquals(3, bus.count().await());

    // HTTP sees what the bus did.
    assertEquals(new JsonObject().put("id", "1").put("coins", 0).put("goods", 2),
        service.get("/players/1").bodyAsJsonObject());
    assertEquals(new JsonObject().put("id", "3").put("coins", 7).put("goods", 8),
        service.get("/players/3").bodyAsJsonObject());
  }

  @Test
  void failuresCarryTheHttpStatusAndTheSameDetail() {
    PlayerClient bus = client();
    bus.create("seller", 0, 1).await();
    bus.create("buyer", 5, 0).await();

    assertEquals(409, failure(bus.create("seller", 1, 1)));
    assertEquals(404, failure(bus.get("nobody")));
    assertEquals(404, failure(bus.delete("nobody")));
    assertEquals(404, failure(bus.update(new Player("nobody", 1, 1))));
    assertEquals(400, failure(bus.create("x".repeat(37), 1, 1)));
    assertEquals(400, failure(bus.list(0, null)));
    assertEquals(400, failure(bus.trade(new Trade("seller", "seller", 1, 1))));
    assertEquals(404, failure(bus.trade(new Trade("ghost", "buyer", 1, 1))));

    var shortSeller = assertThrows(ReplyException.class, () -> bus.trade(new Trade("seller", "buyer", 2, 1)).await());
    assertEquals(409, shortSeller.failureCode());
    assertEquals("sell player seller goods not enough", shortSeller.getMessage());
    var shortBuyer = assertThrows(ReplyException.class, () -> bus.trade(new Trade("seller", "buyer", 1, 6)).await());
    assertEquals("buy player buyer coins not enough", shortBuyer.getMessage());

    assertEquals(new Player("seller", 0, 1), bus.get("seller").await(), "refusals changed nothing");
    assertEquals(new Player("buyer", 5, 0), bus.get("buyer").await());
  }

  @Test
  void anIdempotencyKeyOnTheBusTradesOnceAndReplaysLikeHttp() {
    PlayerClient bus = client();
    bus.create("s", 0, 10).await();
    bus.create("b", 100, 0).await();
    Trade trade = new Trade("s", "b", 1, 10);

    var first = bus.trade(trade, "bus-key").await();
    var again = bus.trade(trade, "bus-key").await();
    assertEquals(first, again, "the same answer, the same trade");
    var replayed = service.vertx.eventBus().request(Addresses.TRADES_EXECUTE, trade.toJson(),
        new DeliveryOptions().addHeader("Idempotency-Key", "bus-key")).await();
    assertEquals("true", replayed.headers().get(StoredAnswer.REPLAYED_HEADER));
    assertEquals(new Player("b", 90, 1), bus.get("b").await(), "one trade");

    // The key is shared with HTTP: the same request replays there, another is refused.
    var overHttp = service.send(HttpMethod.POST, "/trades", "application/json", trade.toJson().toBuffer(), "bus-key");
    assertEquals("true", overHttp.getHeader("Idempotent-Replayed"));
    assertEquals(first.toJson(), overHttp.bodyAsJsonObject());
    assertEquals(422, failure(bus.trade(new Trade("s", "b", 1, 9), "bus-key")));
    assertEquals(400, failure(bus.trade(trade, "no spaces allowed")));

    // A refusal is final for its key, on the bus too.
    assertEquals(409, failure(bus.trade(new Trade("s", "b", 50, 1), "bus-short")));
    bus.update(new Player("s", 0, 100)).await();
    assertEquals(409, failure(bus.trade(new Trade("s", "b", 50, 1), "bus-short")));
  }

  @Test
  void theLedgerIsReadOverTheBus() {
    PlayerClient bus = client();
    bus.create("s", 0, 10).await();
    bus.create("b", 100, 0).await();
    var older = bus.trade(new Trade("s", "b", 1, 10)).await();
    var newer = bus.trade(new Trade("b", "s", 1, 5)).await();

    assertEquals(older, bus.tradeById(older.trade().id()).await());
    assertEquals(404, failure(bus.tradeById(UUID.randomUUID())));
    TradePage first = bus.trades("s", 1, null).await();
    assertEquals(List.of(newer), first.trades());
    TradePage second = bus.trades("s", 1, first.next()).await();
    assertEquals(List.of(older), second.trades());
    assertEquals(null, second.next(), "the last page");
    assertEquals(400, failure(bus.trades(null, 0, null)));
    assertEquals(400, failure(service.vertx.eventBus().request(Addresses.TRADES_GET, new JsonObject().put("id", "x"))));
  }

  @Test
  void malformedRequestsAre400() {
    var bus = service.vertx.eventBus();
    assertEquals(400, failure(bus.request(Addresses.PLAYERS_GET, "not an object")));
    assertEquals(400, failure(bus.request(Addresses.PLAYERS_GET, new JsonObject())));
    assertEquals(400, failure(bus.request(Addresses.PLAYERS_GET, new JsonObject().put("id", "a").put("x", 1))));
    assertEquals(400, failure(bus.request(Addresses.PLAYERS_COUNT, new JsonObject().put("x", 1))));
    assertEquals(400, failure(bus.request(Addresses.PLAYERS_BULK, new JsonObject().put("players", "no"))));
    assertEquals(400, failure(bus.request(Addresses.PLAYERS_CREATE,
        new JsonObject().put("coins", 1.5).put("goods", 1))));
    assertEquals(0, client().count().await());
  }

  /** The rules and details of HTTP, since both read ids through Fields.id. */
  @Test
  void invisibleOrPaddedIdsAre400OnEveryAddress() {
    PlayerClient bus = client();
    bus.create("alice", 10, 10).await();
    for (String bad : List.of("nul\u0000x", "tab\t", "zero\u200Bwidth", "rtl\u202E", "line\u2028", "\uD800",
        "alice ", " alice", "alice\u00A0", "\u3000")) {
      assertEquals(400, failure(bus.create(bad, 1, 1)), bad);
      assertEquals(400, failure(bus.createAll(List.of(new Player("fine", 1, 1), new Player(bad, 1, 1)))), bad);
      assertEquals(400, failure(bus.get(bad)), bad);
      assertEquals(400, failure(bus.update(new Player(bad, 1, 1))), bad);
      assertEquals(400, failure(bus.delete(bad)), bad);
      assertEquals(400, failure(bus.list(10, bad)), bad);
      assertEquals(400, failure(bus.trade(new Trade("alice", bad, 1, 1))), bad);
      assertEquals(400, failure(bus.trade(new Trade(bad, "alice", 1, 1))), bad);
    }
    var trailing = assertThrows(ReplyException.class, () -> bus.get("alice ").await());
    assertEquals("'id' must not begin or end with whitespace: the database ignores trailing spaces when it "
        + "compares ids", trailing.getMessage());
    assertEquals(List.of(new Player("alice", 10, 10)), bus.list(10, null).await(), "refusals changed nothing");
  }

  /** A player created on the bus is served over HTTP too, so the bus refuses the same ids. */
  @Test
  void idsThatHttpCouldNotReachAreRefusedOnTheBusToo() {
    PlayerClient bus = client();
    for (String reserved : List.of("count", "bulk", ".", "..")) {
      var refused = assertThrows(ReplyException.class, () -> bus.create(reserved, 1, 1).await());
      assertEquals(400, refused.failureCode());
      assertTrue(refused.getMessage().startsWith("'id' must not be '" + reserved + "'"), refused.getMessage());
      assertEquals(400, failure(bus.createAll(List.of(new Player(reserved, 1, 1)))));
    }
    assertEquals(0, bus.count().await());
  }

  @Test
  void anAddressNobodyServesFailsAtOnceWith503() {
    long start = System.nanoTime();
    assertEquals(503, failure(new PlayerClient(service.vertx.eventBus(), "elsewhere.").count()));
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "no waiting for a timeout");
  }

  @Test
  void aPrefixedBackEndNodeWithoutHttpServesTheBus() {
    try (ServiceUnderTest backEnd = ServiceUnderTest.start(new JsonObject()
        .put("HTTP_ENABLED", false).put("BUS_ADDRESS_PREFIX", "backend."))) {
      PlayerClient bus = new PlayerClient(backEnd.vertx.eventBus(), "backend.");
      bus.create("b", 1, 1).await();
      assertEquals(new Player("b", 1, 1), bus.get("b").await());
      assertThrows(Throwable.class, () -> backEnd.get("/players/b"), "no HTTP server on that node");
    }
  }
}
