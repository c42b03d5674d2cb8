package io.playerservice.demo;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.PrintStream;
import java.util.UUID;

/**
 * The seed's {@code simple_example} and {@code trade_example}, step for step, through the HTTP
 * API of a running service, printing the seed's lines. It runs on {@code main}'s thread, so
 * blocking on each response with {@code await()} is allowed here and keeps it as plain as the seed.
 */
public final class Demo {
  private final WebClient http;
  private final PrintStream out;

  public Demo(Vertx vertx, int port, PrintStream out) {
    this.http = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port));
    this.out = out;
  }

  /** Runs both examples on an empty table. */
  public void run() {
    simpleExample();
    tradeExample();
  }

  private void simpleExample() {
    create("test", 1, 1);
    print(get("/players/test").bodyAsJsonObject());

    // 1919 players with random UUIDs, 114 per bulk request, as the seed inserts them.
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 1919; i++) {
      batch.add(player(UUID.randomUUID().toString(), 10000, 10000));
      if (batch.size() == 114 || i == 1918) {
        expect(201, post("/players/bulk", batch));
        batch = new JsonArray();
      }
    }

    out.println("number of players: " + get("/players/count").bodyAsJsonObject().getLong("count"));
    get("/players?limit=3").bodyAsJsonArray().forEach(p -> print((JsonObject) p));
  }

  private void tradeExample() {
    create("1", 100, 0);
    create("2", 114514, 20);

    // Player 1 wants 10 goods from player 2 for 500 coins, but has only 100: refused.
    trade("2", "1", 10, 500);
    // With 2 goods for 100 coins the trade succeeds.
    trade("2", "1", 2, 100);

    print(get("/players/1").bodyAsJsonObject());
    print(get("/players/2").bodyAsJsonObject());
  }

  private void trade(String sellId, String buyId, int amount, int price) {
    HttpResponse<Buffer> response = post("/trades", new JsonObject()
        .put("sellId", sellId).put("buyId", buyId).put("amount", amount).put("price", price));
    if (response.statusCode() == 200) {
      out.println("trade success");
    } else if (response.statusCode() == 409) {
      out.println(response.bodyAsJsonObject().getString("detail"));
    } else {
      throw unexpected(response);
    }
  }

  private void create(String id, int coins, int goods) {
    expect(201, post("/players", player(id, coins, goods)));
  }

  private void print(JsonObject player) {
    out.println("id:" + player.getString("id") + ", coins:" + player.getInteger("coins")
        + ", goods:" + player.getInteger("goods"));
  }

  private HttpResponse<Buffer> get(String path) {
    return expect(200, http.get(path).send().await());
  }

  private HttpResponse<Buffer> post(String path, Object body) {
    return http.post(path).sendJson(body).await();
  }

  private static JsonObject player(String id, int coins, int goods) {
    return new JsonObject().put("id", id).put("coins", coins).put("goods", goods);
  }

  private static HttpResponse<Buffer> expect(int status, HttpResponse<Buffer> response) {
    if (response.statusCode() != status) {
      throw unexpected(response);
    }
    return response;
  }

  private static IllegalStateException unexpected(HttpResponse<Buffer> response) {
    return new IllegalStateException("unexpected response " + response.statusCode() + ": "
        + response.bodyAsString());
  }
}
