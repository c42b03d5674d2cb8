package io.playerservice;

import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static io.playerservice.support.PercentEncoding.playerPath;
import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every player route and status, through HTTP, against the real test database. */
class PlayerCrudTest extends ApiTest {

  @Test
  void createAnswers201WithLocationAndThePlayer() {
    var response = service.post("/players", player("test", 1, 1));

    assertEquals(201, response.statusCode());
    assertEquals("/players/test", response.getHeader("Location"));
    assertEquals(player("test", 1, 1), response.bodyAsJsonObject());
    assertEquals(player("test", 1, 1), service.get("/players/test").bodyAsJsonObject());
  }

  @Test
  void createWithoutIdAssignsAUuid() {
    var response = service.post("/players", new JsonObject().put("coins", 5).put("goods", 7));

    assertEquals(201, response.statusCode());
    String id = response.bodyAsJsonObject().getString("id");
    assertEquals(id, UUID.fromString(id).toString());
    assertEquals("/players/" + id, response.getHeader("Location"));
    assertEquals(player(id, 5, 7), service.get(response.getHeader("Location")).bodyAsJsonObject());
  }

  @Test
  void createAcceptsTheExtremesOfTheRanges() {
    String longest = "x".repeat(36);
    String emoji = "\uD83D\uDE00".repeat(36); // 36 characters, 72 UTF-16 units, 144 bytes

    assertEquals(201, service.post("/players", player(longest, 0, Integer.MAX_VALUE)).statusCode());
    assertEquals(201, service.post("/players", player(emoji, Integer.MAX_VALUE, 0)).statusCode());
    assertEquals(player(emoji, Integer.MAX_VALUE, 0), service.get(playerPath(emoji)).bodyAsJsonObject());
  }

  @Test
  void idsWithReservedUrlCharactersRoundTrip() {
    String id = "a b?c#d%e&f+é/g";
    var created = service.post("/players", player(id, 3, 4));

    assertEquals(201, created.statusCode());
    assertEquals(player(id, 3, 4), service.get(created.getHeader("Location")).bodyAsJsonObject());
    assertEquals(200, service.put(playerPath(id), new JsonObject().put("coins", 1).put("goods", 2)).statusCode());
    assertEquals(204, service.delete(playerPath(id)).statusCode());
  }

  /** Spaces and no-break spaces inside an id are fine; only the ends are refused. */
  @Test
  void idsMayHoldWhitespaceInside() {
    String id = "a b\u00A0c\u3000d";
    assertEquals(201, service.post("/players", player(id, 1, 1)).statusCode());
    assertEquals(player(id, 1, 1), service.get(playerPath(id)).bodyAsJsonObject());
    assertEquals(List.of(id), idsOf(service.get("/players?after=a").bodyAsJsonArray()));
  }

  /**
   * Ids the routes would shadow are refused at create, with a detail that says why, so no
   * player exists that /players/{id} cannot reach; ids beside them work in full.
   */
  @Test
  void everyPlayerThatCanBeCreatedCanBeReadUpdatedAndDeleted() {
    for (String reserved : List.of("count", "bulk", ".", "..")) {
      var problem = assertProblem(service.post("/players", player(reserved, 1, 1)), 400);
      assertTrue(problem.getString("detail").startsWith("'id' must not be '" + reserved + "': "), problem.encode());
      assertProblem(service.post("/players/bulk", new JsonArray().add(player(reserved, 1, 1))), 400);
    }
    assertEquals(0, service.count());

    for (String id : List.of("Count", "COUNT", "counts", "count.", "bulk2", "bulk_", "trades",
        "players", "...", ".a", "health", "openapi.yaml", "%2E", "count/x")) {
      assertEquals(201, service.post("/players", player(id, 1, 2)).statusCode(), id);
      assertEquals(player(id, 1, 2), service.get(playerPath(id)).bodyAsJsonObject(), id);
      assertEquals(player(id, 3, 4), service.put(playerPath(id), new JsonObject().put("coins", 3).put("goods", 4))
          .bodyAsJsonObject(), id);
      assertEquals(204, service.delete(playerPath(id)).statusCode(), id);
      assertProblem(service.get(playerPath(id)), 404);
    }
  }

  @Test
  void duplicateIdIsAConflictAndKeepsTheOriginal() {
    service.post("/players", player("dup", 1, 2));

    var problem = assertProblem(service.post("/players", player("dup", 100, 200)), 409);

    assertEquals("/problems/conflict", problem.getString("type"));
    assertEquals(player("dup", 1, 2), service.get("/players/dup").bodyAsJsonObject());
    assertEquals(1, service.count());
  }

  @Test
  void unknownPlayerIs404() {
    var problem = assertProblem(service.get("/players/nobody"), 404);
    assertEquals("/problems/not-found", problem.getString("type"));
  }

  @Test
  void listIsOrderedByIdAndPagesByKeyset() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ids.add(String.format("p%02d", i));
    }
    Collections.shuffle(ids);
    ids.forEach(id -> service.post("/players", player(id, 1, 1)));

    JsonArray first = service.get("/players").bodyAsJsonArray();
    assertEquals(20, first.size(), "the default limit is 20");
    assertEquals("p00", first.getJsonObject(0).getString("id"));
    assertEquals("p19", first.getJsonObject(19).getString("id"));

    JsonArray rest = service.get("/players?after=p19").bodyAsJsonArray();
    assertEquals(List.of("p20", "p21", "p22", "p23", "p24"), idsOf(rest));

    assertEquals(List.of("p05", "p06"), idsOf(service.get("/players?after=p04&limit=2").bodyAsJsonArray()));
    assertEquals(25, service.get("/players?limit=1000").bodyAsJsonArray().size());
    assertEquals(1, service.get("/players?limit=1").bodyAsJsonArray().size());
    assertEquals(0, service.get("/players?after=p24").bodyAsJsonArray().size());
  }

  @Test
  void countCountsEveryPlayer() {
    assertEquals(new JsonObject().put("count", 0), service.get("/players/count").bodyAsJsonObject());
    service.post("/players", player("a", 1, 1));
    service.post("/players", player("b", 1, 1));
    assertEquals(new JsonObject().put("count", 2), service.get("/players/count").bodyAsJsonObject());
  }

  @Test
  void replaceSetsBothBalances() {
    service.post("/players", player("u", 1, 2));

    var response = service.put("/players/u", new JsonObject().put("coins", 30).put("goods", 40));

    assertEquals(200, response.statusCode());
    assertEquals(player("u", 30, 40), response.bodyAsJsonObject());
    assertEquals(player("u", 30, 40), service.get("/players/u").bodyAsJsonObject());
  }

  @Test
  void replaceWithTheSameValuesStillFindsThePlayer() {
    service.post("/players", player("same", 1, 2));

    var response = service.put("/players/same", player("same", 1, 2));

    assertEquals(200, response.statusCode(), "an unchanged row is still a found row");
    assertEquals(player("same", 1, 2), response.bodyAsJsonObject());
  }

  @Test
  void replaceOfAnUnknownPlayerIs404AndCreatesNothing() {
    assertProblem(service.put("/players/ghost", new JsonObject().put("coins", 1).put("goods", 1)), 404);
    assertEquals(0, service.count());
  }

  @Test
  void deleteRemovesThePlayerOnce() {
    service.post("/players", player("d", 1, 1));

    var response = service.delete("/players/d");
    assertEquals(204, response.statusCode());
    assertNull(response.body());
    assertProblem(service.get("/players/d"), 404);
    assertProblem(service.delete("/players/d"), 404);
  }

  private static List<String> idsOf(JsonArray players) {
    return players.stream().map(p -> ((JsonObject) p).getString("id")).toList();
  }
}
