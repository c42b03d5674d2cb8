package io.playerservice;

import io.playerservice.support.ApiTest;
import io.playerservice.support.Clients;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trade ledger through {@code GET /trades} and {@code GET /trades/{id}}. */
class TradeLedgerTest extends ApiTest {

  private static JsonObject trade(String sellId, String buyId) {
    return new JsonObject().put("sellId", sellId).put("buyId", buyId).put("amount", 1).put("price", 1);
  }

  private static String tradeId(JsonObject answer) {
    return answer.getJsonObject("trade").getString("id");
  }

  /** Every page from the first, following {@code next}; the trades in the order given. */
  private static List<JsonObject> allPages(String query) {
    List<JsonObject> trades = new ArrayList<>();
    String after = null;
    do {
      var response = service.get("/trades?" + query + (after == null ? "" : "&after=" + after));
      assertEquals(200, response.statusCode(), response.bodyAsString());
      JsonObject page = response.bodyAsJsonObject();
      page.getJsonArray("trades").forEach(t -> trades.add((JsonObject) t));
      after = page.getString("next");
    } while (after != null);
    return trades;
  }

  private static void assertNewestFirst(List<JsonObject> trades) {
    for (int i = 1; i < trades.size(); i++) {
      Instant newer = Instant.parse(trades.get(i - 1).getJsonObject("trade").getString("at"));
      Instant older = Instant.parse(trades.get(i).getJsonObject("trade").getString("at"));
      assertTrue(!older.isAfter(newer), "newest first at " + i);
    }
  }

  @Test
  void aTradeIsReadBackByIdAsItWasAnswered() {
    service.post("/players", player("s", 0, 5));
    service.post("/players", player("b", 5, 0));
    JsonObject answer = service.post("/trades", trade("s", "b")).bodyAsJsonObject();

    assertEquals(answer, service.get("/trades/" + tradeId(answer)).bodyAsJsonObject());
    assertProblem(service.get("/trades/" + UUID.randomUUID()), 404);
    assertProblem(service.get("/trades/42"), 400);
    assertProblem(service.get("/trades/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"), 400);
  }

  @Test
  void aPlayersTradesAreThoseItSoldAndBoughtNewestFirst() {
    for (String id : List.of("a", "b", "c")) {
      service.post("/players", player(id, 100, 100));
    }
    List<String> made = new ArrayList<>();
    for (JsonObject trade : List.of(trade("a", "b"), trade("b", "c"), trade("c", "a"), trade("b", "a"))) {
      made.add(tradeId(service.post("/trades", trade).bodyAsJsonObject()));
    }
    List<String> ofA = allPages("player=a&limit=2").stream().map(t -> t.getJsonObject("trade").getString("id")).toList();
    assertEquals(List.of(made.get(3), made.get(2), made.get(0)), ofA);
    assertEquals(4, allPages("limit=3").size());
    JsonObject lastPage = service.get("/trades?player=a&limit=5").bodyAsJsonObject();
    assertNull(lastPage.getString("next"), "no next page after the last");
  }

  @Test
  void pagesAreCompleteAndStableWhileTradesContinue() {
    for (int i = 0; i < 6; i++) {
      service.post("/players", player("p" + i, 1_000_000, 1_000_000));
    }
    Set<String> before = new HashSet<>();
    Set<String> beforeOfP0 = new HashSet<>();
    for (int i = 0; i < 150; i++) {
      int seller = i % 6;
      JsonObject answer = service.post("/trades", trade("p" + seller, "p" + ((seller + 1 + i % 5) % 6))).bodyAsJsonObject();
      before.add(tradeId(answer));
      if (answer.getJsonObject("trade").getString("sellId").equals("p0")
          || answer.getJsonObject("trade").getString("buyId").equals("p0")) {
        beforeOfP0.add(tradeId(answer));
      }
    }
    AtomicBoolean paging = new AtomicBoolean(true);
    Thread others = new Thread(() -> Clients.run(4, paging::get, client -> {
      int seller = ThreadLocalRandom.current().nextInt(6);
      return service.postAsync("/trades", trade("p" + seller, "p" + ((seller + 1) % 6)));
    }));
    others.start();
    try {
      for (String query : List.of("limit=7", "player=p0&limit=3")) {
        List<JsonObject> listed = allPages(query);
        List<String> ids = listed.stream().map(t -> t.getJsonObject("trade").getString("id")).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), query + ": no trade repeated");
        assertTrue(ids.containsAll(query.startsWith("player") ? beforeOfP0 : before), query + ": none skipped");
        assertNewestFirst(listed);
      }
    } finally {
      paging.set(false);
    }
    try {
      others.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void tradesInTheSameMicrosecondKeepAFixedOrderAcrossPages() {
    // Thirty ledger rows with one timestamp, written directly: the API cannot make a tie on demand.
    LocalDateTime at = LocalDateTime.of(2026, 1, 2, 3, 4, 5, 678_901_000);
    Set<String> written = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      UUID id = UUID.randomUUID();
      written.add(id.toString());
      service.database().preparedQuery("INSERT INTO trade (id, sell_id, buy_id, amount, price, seller_coins,"
              + " seller_goods, buyer_coins, buyer_goods, traded_at) VALUES (?, 'x', 'y', 1, 1, 1, 1, 1, 1, ?)")
          .execute(Tuple.of(Buffer.buffer(ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
              .putLong(id.getLeastSignificantBits()).array()), at)).await();
    }
    List<String> listed = allPages("player=x&limit=4").stream()
        .map(t -> t.getJsonObject("trade").getString("id")).toList();
    assertEquals(30, listed.size());
    assertEquals(written, new HashSet<>(listed), "each exactly once");
    List<String> byBytesDescending = new ArrayList<>(written);
    byBytesDescending.sort((a, b) -> -compareUnsigned(UUID.fromString(a), UUID.fromString(b)));
    assertEquals(byBytesDescending, listed, "ties are ordered by id, as the database compares the bytes");
    assertEquals(listed, allPages("limit=7").stream().map(t -> t.getJsonObject("trade").getString("id")).toList());
  }

  private static int compareUnsigned(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=1001", "limit=x", "limit=1&limit=2", "after=bm90LWEtY3Vyc29y",
      "after=%25%25", "player=", "player=0123456789012345678901234567890123456"})
  void aMalformedListingIs400(String query) {
    assertProblem(service.get("/trades?" + query), 400);
  }

  @Test
  void anEmptyLedgerIsAnEmptyPage() {
    assertEquals(new JsonObject().put("trades", new JsonArray()).putNull("next"),
        service.get("/trades").bodyAsJsonObject());
  }
}
