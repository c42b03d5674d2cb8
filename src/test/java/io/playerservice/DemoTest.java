package io.playerservice;

import io.playerservice.demo.Demo;
import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo prints the seed's lines, in the seed's order, from a real run through the API. */
class DemoTest extends ApiTest {

  @Test
  void printsTheSeedsLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Demo(service.vertx, service.config.httpPort(), new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    // The first three of the listing as it stood then: before the trade example added "1" and "2".
    List<String> firstThree = service.get("/players?limit=5").bodyAsJsonArray().stream()
        .map(p -> (JsonObject) p)
        .filter(p -> !List.of("1", "2").contains(p.getString("id")))
        .limit(3)
        .map(p -> "id:" + p.getString("id") + ", coins:" + p.getInteger("coins") + ", goods:" + p.getInteger("goods"))
        .toList();

    assertEquals(9, lines.size(), String.join("\n", lines));
    assertEquals("id:test, coins:1, goods:1", lines.get(0));
    assertEquals("number of players: 1920", lines.get(1));
    assertEquals(firstThree, lines.subList(2, 5));
    assertEquals(List.of(
        "buy player 1 coins not enough",
        "trade success",
        "id:1, coins:0, goods:2",
        "id:2, coins:114614, goods:18"), lines.subList(5, 9));
  }
}
