package io.playerservice;

import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code POST /players/bulk}: up to 10,000 players, all or nothing. */
class BulkCreateTest extends ApiTest {

  private static JsonArray players(String prefix, int n) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < n; i++) {
      array.add(new JsonObject().put("id", prefix + i).put("coins", i).put("goods", n - i));
    }
    return array;
  }

  @Test
  void createsTenThousandPlayersInOneRequest() {
    var response = service.post("/players/bulk", players("p", 10_000));

    assertEquals(201, response.statusCode());
    assertEquals(new JsonObject().put("created", 10_000), response.bodyAsJsonObject());
    assertEquals(10_000, service.count());
    assertEquals(new JsonObject().put("id", "p9999").put("coins", 9999).put("goods", 1),
        service.get("/players/p9999").bodyAsJsonObject());
    assertEquals(new JsonObject().put("id", "p0").put("coins", 0).put("goods", 10_000),
        service.get("/players/p0").bodyAsJsonObject());
  }

  @Test
  void itemsWithoutIdsGetDistinctUuids() {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 3; i++) {
      batch.add(new JsonObject().put("coins", 1).put("goods", 1));
    }
    assertEquals(201, service.post("/players/bulk", batch).statusCode());

    Set<String> ids = new HashSet<>();
    service.allPlayers().forEach(p -> ids.add(((JsonObject) p).getString("id")));
    assertEquals(3, ids.size());
  }

  @Test
  void moreThanTenThousandIsRefusedAndNothingIsWritten() {
    assertProblem(service.post("/players/bulk", players("p", 10_001)), 400);
    assertEquals(0, service.count());
  }

  @Test
  void oneInvalidItemRefusesTheWholeBatch() {
    JsonArray batch = players("p", 5000);
    batch.getJsonObject(4999).put("goods", -1);

    var problem = assertProblem(service.post("/players/bulk", batch), 400);

    assertEquals("item 4999: 'goods' must be in 0..2147483647", problem.getString("detail"));
    assertEquals(0, service.count());
  }

  @Test
  void anIdRepeatedInTheRequestIsAConflict() {
    JsonArray batch = players("p", 10);
    batch.getJsonObject(9).put("id", "p3");

    assertProblem(service.post("/players/bulk", batch), 409);
    assertEquals(0, service.count());
  }

  @Test
  void anExistingIdInTheLastChunkRollsBackEveryChunkBeforeIt() {
    service.post("/players", new JsonObject().put("id", "p9500").put("coins", 7).put("goods", 7));

    assertProblem(service.post("/players/bulk", players("p", 10_000)), 409);

    assertEquals(1, service.count(), "the nine chunks inserted before the duplicate are rolled back");
    assertEquals(7, service.get("/players/p9500").bodyAsJsonObject().getInteger("coins"));
  }
}
