package io.playerservice.player;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

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

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("coins", coins).put("goods", goods);
  }
}
