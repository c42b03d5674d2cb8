package io.playerservice.support;

import io.playerservice.trade.TradeCursor;
import io.playerservice.trade.TradeRecord;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The ledger as {@code GET /trades} pages it, read back to a cursor: what a feed from there must have sent. */
public final class LedgerPages {
  private LedgerPages() {
  }

  /**
   * Every trade after {@code cursor} in the ledger's order (oldest first), all of them or
   * {@code player}'s (null: all), each as {@code GET /trades} shows it, read newest first page by page.
   */
  public static List<JsonObject> after(WebClient http, String player, String cursor) {
    TradeCursor from = TradeCursor.decode(cursor);
    List<JsonObject> newestFirst = new ArrayList<>();
    String next = null;
    do {
      var request = http.get("/trades").addQueryParam("limit", "1000");
      if (player != null) {
        request.addQueryParam("player", player);
      }
      if (next != null) {
        request.addQueryParam("after", next);
      }
      JsonObject page = request.send().await().bodyAsJsonObject();
      for (Object item : page.getJsonArray("trades")) {
        JsonObject trade = (JsonObject) item;
        if (cursorOf(trade).compareTo(from) <= 0) {
          Collections.reverse(newestFirst);
          return newestFirst;
        }
        newestFirst.add(trade);
      }
      next = page.getString("next");
    } while (next != null);
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** The trade ids of {@code trades}, in their order. */
  public static List<String> ids(List<JsonObject> trades) {
    return trades.stream().map(t -> t.getJsonObject("trade").getString("id")).toList();
  }

  /** The ledger cursor of a trade as the API shows it: the id its feed event has. */
  public static TradeCursor cursorOf(JsonObject trade) {
    return TradeCursor.after(TradeRecord.fromJson(trade.getJsonObject("trade")));
  }
}
