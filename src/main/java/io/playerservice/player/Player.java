package io.playerservice.player;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A row of the {@code player} table, and the JSON the API speaks for it. */
public record Player(String id, int coins, int goods) {

  static Player fromRow(Row row) {
    return new Player(row.getString(0), row.getInteger(1), row.getInteger(2));
  }

  /** The parameters of an INSERT, in column order. */
  Tuple toTuple() {
    return Tuple.of(id, coins, goods);
  }

  /** Reads a player as the API writes it (used by clients of the event-bus API). */
  public static Player fromJson(JsonObject json) {
    return new Player(json.getString("id"), json.getInteger("coins"), json.getInteger("goods"));
  }

  /** The player's path, percent-encoded: the {@code Location} of the answer that created it. */
  public String location() {
    return "/players/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("coins", coins).put("goods", goods);
  }
}
