package io.playerservice.loadtest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The service's ledger ({@code GET /trades}) read back newest first, page by page, down to the
 * row that was newest when the run started: the checks read only as far as the run's rows go.
 */
final class LedgerReader {
  /** Rows are read back until this long before the newest row seen at the start. */
  private static final long CLOCK_SLACK_SECONDS = 10;

  private final WebClient http;
  /** The ledger's newest row at the start; null when it was empty. */
  private final String newestId;
  private final Instant newestAt;

  private LedgerReader(WebClient http, String newestId, Instant newestAt) {
    this.http = http;
    this.newestId = newestId;
    this.newestAt = newestAt;
  }

  /** Notes the ledger's newest row now, where reading back will stop. */
  static LedgerReader fromNow(WebClient http) {
    JsonObject newest = LoadPlayers.expect(http.get("/trades").addQueryParam("limit", "1").send().await(), 200)
        .bodyAsJsonObject();
    if (newest.getJsonArray("trades").isEmpty()) {
      return new LedgerReader(http, null, null);
    }
    JsonObject trade = newest.getJsonArray("trades").getJsonObject(0).getJsonObject("trade");
    return new LedgerReader(http, trade.getString("id"), Instant.parse(trade.getString("at")));
  }

  /** Hands each trade written since {@link #fromNow} to {@code row}, newest first. */
  void readBack(Consumer<JsonObject> row) {
    String cursor = null;
    do {
      var request = http.get("/trades").addQueryParam("limit", "1000");
      if (cursor != null) {
        request.addQueryParam("after", cursor);
      }
      JsonObject page = LoadPlayers.expect(request.send().await(), 200).bodyAsJsonObject();
      for (Object item : page.getJsonArray("trades")) {
        JsonObject trade = ((JsonObject) item).getJsonObject("trade");
        if (reachedStart(trade)) {
          return;
        }
        row.accept(trade);
      }
      cursor = page.getString("next");
    } while (cursor != null);
  }

  private boolean reachedStart(JsonObject trade) {
    return trade.getString("id").equals(newestId) || newestAt != null
        && Instant.parse(trade.getString("at")).isBefore(newestAt.minusSeconds(CLOCK_SLACK_SECONDS));
  }
}
