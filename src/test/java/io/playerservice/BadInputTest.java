package io.playerservice;

import io.playerservice.support.ApiTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.playerservice.support.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every class of bad input answers a problem+json 4xx and changes nothing: each test snapshots
 * all players before and compares after.
 */
class BadInputTest extends ApiTest {
  private JsonArray before;

  @BeforeEach
  void seed() {
    service.post("/players", "{\"id\":\"alice\",\"coins\":10,\"goods\":20}");
    service.post("/players", "{\"id\":\"bob\",\"coins\":30,\"goods\":40}");
    before = service.allPlayers();
  }

  @AfterEach
  void nothingChanged() {
    assertEquals(before, service.allPlayers(), "a refused request must change nothing");
  }

  /** Bodies that are not a valid new player, whatever the reason. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"coins\":\"1\",\"goods\":1}",
      "{\"coins\":true,\"goods\":1}",
      "{\"coins\":null,\"goods\":1}",
      "{\"coins\":1.5,\"goods\":1}",
      "{\"coins\":1.0,\"goods\":1}",
      "{\"coins\":1e2,\"goods\":1}",
      "{\"coins\":-1,\"goods\":1}",
      "{\"coins\":2147483648,\"goods\":1}",
      "{\"coins\":99999999999999999999999,\"goods\":1}",
      "{\"coins\":[1],\"goods\":1}",
      "{\"coins\":{},\"goods\":1}",
      "{\"goods\":1}",
      "{\"coins\":1}",
      "{}",
      "{\"id\":\"\",\"coins\":1,\"goods\":1}",
      "{\"id\":\"0123456789012345678901234567890123456\",\"coins\":1,\"goods\":1}",
      "{\"id\":42,\"coins\":1,\"goods\":1}",
      "{\"id\":null,\"coins\":1,\"goods\":1}",
      "{\"id\":\"x\",\"coins\":1,\"goods\":1,\"coin\":5}",
      "[]",
      "[{\"coins\":1,\"goods\":1}]",
      "\"player\"",
      "42",
      "null",
      "",
      "{\"coins\":1,",
      "{coins:1,goods:1}",
      "{\"coins\":1,\"goods\":1}}",
  })
  void createRefusesInvalidBodies(String body) {
    assertProblem(service.post("/players", body), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"coins\":\"1\",\"goods\":1}",
      "{\"coins\":1.5,\"goods\":1}",
      "{\"coins\":-1,\"goods\":1}",
      "{\"coins\":2147483648,\"goods\":1}",
      "{\"coins\":1}",
      "{\"goods\":1}",
      "{\"id\":\"bob\",\"coins\":1,\"goods\":1}",
      "{\"coins\":1,\"goods\":1,\"extra\":true}",
      "[]",
      "",
      "{\"coins\":",
  })
  void replaceRefusesInvalidBodies(String body) {
    assertProblem(service.put("/players/alice", body), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"players\":[]}",
      "[]",
      "[42]",
      "[null]",
      "[{\"id\":\"new1\",\"coins\":1,\"goods\":1},{\"id\":\"new2\",\"coins\":-1,\"goods\":1}]",
      "[{\"id\":\"new1\",\"coins\":1,\"goods\":1},{\"id\":\"new2\",\"coins\":1}]",
      "[{\"id\":\"new1\",\"coins\":1,\"goods\":1},",
  })
  void bulkRefusesInvalidBodies(String body) {
    assertProblem(service.post("/players/bulk", body), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=1001", "limit=-1", "limit=abc", "limit=1.5", "limit=",
      "limit=99999999999", "after=", "limit=5&limit=6",
      "after=0123456789012345678901234567890123456"})
  void listRefusesInvalidParameters(String query) {
    assertProblem(service.get("/players?" + query), 400);
  }

  @Test
  void aBodyOverOneMebibyteIs413() {
    String padding = " ".repeat(1024 * 1024);
    String body = "{\"id\":\"big\",\"coins\":1,\"goods\":1}" + padding;
    assertProblem(service.post("/players", body), 413);
    assertProblem(service.post("/players/bulk", "[" + padding + "]"), 413);
    assertProblem(service.put("/players/alice", "{\"coins\":1,\"goods\":1}" + padding), 413);
  }

  @Test
  void aBodyJustUnderTheLimitIsAccepted() {
    String body = "{\"id\":\"fits\",\"coins\":1,\"goods\":1}";
    body += " ".repeat(1024 * 1024 - body.length());
    assertEquals(201, service.post("/players", body).statusCode());
    service.delete("/players/fits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
  void aWrongContentTypeIs415(String contentType) {
    Buffer body = Buffer.buffer(new JsonObject().put("id", "ct").put("coins", 1).put("goods", 1).encode());
    assertProblem(service.send(HttpMethod.POST, "/players", contentType, body), 415);
    assertProblem(service.send(HttpMethod.POST, "/players/bulk", contentType, Buffer.buffer("[]")), 415);
    assertProblem(service.send(HttpMethod.PUT, "/players/alice", contentType, body), 415);
  }

  @Test
  void aMissingContentTypeIs415() {
    Buffer body = Buffer.buffer("{\"coins\":1,\"goods\":1}");
    assertProblem(service.send(HttpMethod.POST, "/players", null, body), 415);
  }

  @Test
  void jsonWithACharsetParameterIsAccepted() {
    Buffer body = Buffer.buffer("{\"id\":\"utf8\",\"coins\":1,\"goods\":1}");
    assertEquals(201, service.send(HttpMethod.POST, "/players", "application/json; charset=utf-8", body)
        .statusCode());
    service.delete("/players/utf8");
  }

  @Test
  void aWrongMethodOnAKnownPathIs405() {
    Buffer json = Buffer.buffer("{\"coins\":1,\"goods\":1}");
    assertProblem(service.send(HttpMethod.PATCH, "/players/alice", "application/json", json), 405);
    assertProblem(service.send(HttpMethod.POST, "/players/alice", "application/json", json), 405);
    assertProblem(service.send(HttpMethod.DELETE, "/players", null, null), 405);
    assertProblem(service.send(HttpMethod.PUT, "/players", "application/json", json), 405);
    assertProblem(service.send(HttpMethod.GET, "/players/bulk", null, null), 405);
    assertProblem(service.send(HttpMethod.DELETE, "/players/count", null, null), 405);
    assertProblem(service.send(HttpMethod.POST, "/players/count", "application/json", json), 405);
  }

  @Test
  void anUnknownPathIs404() {
    assertProblem(service.get("/nothing-here"), 404);
    assertProblem(service.get("/players/alice/extra"), 404);
  }

  /**
   * Ids no player may have, written as JSON escapes so the bytes sent are exactly these (a lone
   * surrogate would not survive encoding to UTF-8 otherwise).
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "nul\\u0000x", "\\u0000", "tab\\there", "new\\nline", "car\\rriage", "del\\u007f", "nel\\u0085",
      "zero\\u200bwidth", "\\ufeffbom", "rtl\\u202eoverride", "soft\\u00adhyphen",
      "line\\u2028separator", "paragraph\\u2029separator", "lone\\ud800", "\\udc00low",
      "alice ", " alice", "alice\\u00a0", "\\u3000alice", "alice\\u2003", "\\t", " ",
  })
  void invisibleOrPaddedIdsAreRefusedWherever(String escapedId) {
    String id = "\"" + escapedId + "\"";
    assertProblem(service.post("/players", "{\"id\":" + id + ",\"coins\":1,\"goods\":1}"), 400);
    assertProblem(service.post("/players/bulk", "[{\"id\":\"fine\",\"coins\":1,\"goods\":1},"
        + "{\"id\":" + id + ",\"coins\":1,\"goods\":1}]"), 400);
    assertProblem(service.put("/players/alice", "{\"id\":" + id + ",\"coins\":1,\"goods\":1}"), 400);
    assertProblem(service.post("/trades", "{\"sellId\":\"alice\",\"buyId\":" + id + ",\"amount\":1,\"price\":1}"), 400);
    assertProblem(service.post("/trades", "{\"sellId\":" + id + ",\"buyId\":\"bob\",\"amount\":1,\"price\":1}"), 400);
  }

  @Test
  void theDetailSaysWhatIsWrongWithTheId() {
    assertEquals("'id' must not contain a control character (U+0000 at character 4)",
        assertProblem(service.post("/players", "{\"id\":\"nul\\u0000\",\"coins\":1,\"goods\":1}"), 400)
            .getString("detail"));
    assertEquals("item 1: 'id' must not contain an invisible format character (U+200B at character 2)",
        assertProblem(service.post("/players/bulk", "[{\"coins\":1,\"goods\":1},"
            + "{\"id\":\"a\\u200bb\",\"coins\":1,\"goods\":1}]"), 400).getString("detail"));
    assertEquals("'buyId' must not contain an unpaired surrogate (U+D800 at character 1)",
        assertProblem(service.post("/trades", "{\"sellId\":\"alice\",\"buyId\":\"\\ud800\",\"amount\":1,"
            + "\"price\":1}"), 400).getString("detail"));
    assertTrue(assertProblem(service.get("/players/alice%20"), 400).getString("detail")
        .contains("must not begin or end with whitespace"));
  }

  /**
   * The database compares ids with PAD SPACE, so 'alice ' is the row 'alice': accepted, it
   * would read, update, delete or trade another player than the one named.
   */
  @Test
  void anIdWithATrailingSpaceIsRefusedNotTakenForTheOneWithout() {
    assertProblem(service.post("/players", player("alice ", 1, 1)), 400);
    assertProblem(service.get("/players/alice%20"), 400);
    assertProblem(service.put("/players/alice%20", "{\"coins\":1,\"goods\":1}"), 400);
    assertProblem(service.delete("/players/alice%20"), 400);
    assertProblem(service.post("/trades", "{\"sellId\":\"alice\",\"buyId\":\"bob \",\"amount\":1,\"price\":1}"), 400);
    assertProblem(service.get("/players?after=alice%20"), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nul%00x", "%00", "%20alice", "alice%20", "alice%09", "alice%C2%A0", "a%E2%80%8Bb",
      "a%E2%80%AEb", "a%E2%80%A8b", "a%0Ab", "%7F"})
  void invisibleOrPaddedIdsInThePathAre400(String encodedId) {
    assertProblem(service.get("/players/" + encodedId), 400);
    assertProblem(service.put("/players/" + encodedId, "{\"coins\":1,\"goods\":1}"), 400);
    assertProblem(service.delete("/players/" + encodedId), 400);
    assertProblem(service.get("/players?after=" + encodedId), 400);
  }

  /** Which value would win is the parser's choice; other parsers choose the first. */
  @Test
  void aKeyTwiceInOneObjectIs400NamingIt() {
    assertEquals("duplicate key 'id': a JSON object may name each key only once", assertProblem(
        service.post("/players", "{\"id\":\"x\",\"coins\":1,\"goods\":1,\"id\":\"y\"}"), 400).getString("detail"));
    assertEquals("duplicate key 'coins': a JSON object may name each key only once", assertProblem(
        service.put("/players/alice", "{\"coins\":1,\"coins\":100,\"goods\":1}"), 400).getString("detail"));
    assertEquals("duplicate key 'price': a JSON object may name each key only once", assertProblem(
        service.post("/trades", "{\"sellId\":\"alice\",\"buyId\":\"bob\",\"amount\":1,\"price\":1,\"price\":0}"),
        400).getString("detail"));
    assertEquals("duplicate key 'id': a JSON object may name each key only once", assertProblem(
        service.post("/players", "{\"id\":\"x\",\"\\u0069d\":\"y\",\"coins\":1,\"goods\":1}"), 400).getString("detail"),
        "an escaped key is the same key");
    assertProblem(service.post("/players", "{\"id\":\"x\",\"coins\":null,\"coins\":1,\"goods\":1}"), 400);
  }

  @Test
  void aKeyTwiceInANestedObjectIs400NamingWhere() {
    assertEquals("duplicate key 'goods' in the object at /1: a JSON object may name each key only once",
        assertProblem(service.post("/players/bulk", "[{\"id\":\"n1\",\"coins\":1,\"goods\":1},"
            + "{\"id\":\"n2\",\"coins\":1,\"goods\":1,\"goods\":2}]"), 400).getString("detail"));
    assertEquals("duplicate key 'a' in the object at /x~1y/0: a JSON object may name each key only once",
        assertProblem(service.post("/players", "{\"coins\":1,\"goods\":1,\"x/y\":[{\"a\":1,\"a\":1}]}"), 400)
            .getString("detail"));
  }

  /** The parser recurses per level; Jackson's nesting limit (1000) stops it long before the stack. */
  @Test
  void aDeeplyNestedBodyIs400() {
    assertProblem(service.post("/players/bulk", "[".repeat(200_000)), 400);
    assertProblem(service.post("/players", "{\"a\":".repeat(100_000)), 400);
  }

  @Test
  void theSameKeyInTwoObjectsIsNoDuplicate() {
    assertEquals(201, service.post("/players/bulk", "[{\"id\":\"n1\",\"coins\":1,\"goods\":1},"
        + "{\"id\":\"n2\",\"coins\":1,\"goods\":1}]").statusCode());
    service.delete("/players/n1");
    service.delete("/players/n2");
  }

  @Test
  void anIdTooLongInThePathIs400() {
    String tooLong = "x".repeat(37);
    assertProblem(service.get("/players/" + tooLong), 400);
    assertProblem(service.put("/players/" + tooLong, "{\"coins\":1,\"goods\":1}"), 400);
    assertProblem(service.delete("/players/" + tooLong), 400);
  }
}
