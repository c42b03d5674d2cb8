package io.playerservice.loadtest;

import io.playerservice.trade.TradeCursor;
import io.playerservice.trade.TradeRecord;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The live feed's exactly-once check, once the load has stopped: every subscriber got exactly the
 * ledger's trades of its filter (all, or one player's) after the position it started at, in the
 * ledger's order, none missing and none twice. The ledger is read back once, with
 * {@code GET /trades}, to the earliest start; each subscriber's share is picked from it.
 */
final class FeedCheck {
  /**
   * How long the subscribers may take to catch up with the last trades: the feed's longest stall
   * with the defaults (a silent node's REQUEST_TIMEOUT_MS and two polls, 12 s), and more than twice that.
   */
  private static final Duration CATCH_UP = Duration.ofSeconds(30);

  private record Row(TradeCursor cursor, String id, String sellId, String buyId) {
    boolean concerns(String player) {
      return player == null || player.equals(sellId) || player.equals(buyId);
    }
  }

  private FeedCheck() {
  }

  /**
   * Checks {@code feed}'s subscribers once the load has stopped, closes them, and adds the outcome
   * to {@code report} ({@code feed}) and the console; true when each got exactly its trades.
   */
  static boolean report(FeedSubscribers feed, Vertx vertx, URI url, JsonObject report, PrintStream out) {
    JsonObject checked;
    try (feed) {
      checked = feed.check(vertx, url).mergeIn(feed.summary());
    }
    report.put("feed", checked);
    out.printf("feed: %d subscribers, %d of %d events, %d missing, %d twice, %d unexpected, %d out of order,"
            + " %d reconnects; stamp to arrival p50 %.1f ms, p99 %.1f ms: %s%n",
        checked.getInteger("subscribers"), checked.getLong("receivedEvents"), checked.getLong("expectedEvents"),
        checked.getLong("missing"), checked.getLong("duplicated"), checked.getLong("unexpected"),
        checked.getLong("subscribersOutOfOrder"), checked.getInteger("reconnects"), checked.getDouble("delayP50Ms"),
        checked.getDouble("delayP99Ms"), checked.getBoolean("ok") ? "exactly once" : "FAILED");
    return checked.getBoolean("ok");
  }

  static JsonObject verify(WebClient http, List<FeedSubscriber> subscribers) {
    TradeCursor earliest = subscribers.stream().map(s -> TradeCursor.decode(s.start())).min(TradeCursor::compareTo)
        .orElseThrow();
    List<Row> ledger = readBack(http, earliest);
    List<List<String>> expected = new ArrayList<>();
    for (FeedSubscriber subscriber : subscribers) {
      TradeCursor start = TradeCursor.decode(subscriber.start());
      expected.add(ledger.stream().filter(row -> row.cursor().compareTo(start) > 0 && row.concerns(subscriber.player))
          .map(Row::id).toList());
    }
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    while (System.nanoTime() < deadline && !caughtUp(subscribers, expected)) {
      sleep();
    }
    long wanted = 0;
    long got = 0;
    long missing = 0;
    long repeated = 0;
    long unexpected = 0;
    long misordered = 0;
    for (int i = 0; i < subscribers.size(); i++) {
      List<String> want = expected.get(i);
      List<String> have = subscribers.get(i).trades();
      Set<String> wantSet = new HashSet<>(want);
      Set<String> haveSet = new HashSet<>(have);
      wanted += want.size();
      got += have.size();
      missing += want.stream().filter(id -> !haveSet.contains(id)).count();
      repeated += have.size() - haveSet.size();
      unexpected += haveSet.stream().filter(id -> !wantSet.contains(id)).count();
      if (!have.equals(want) && haveSet.equals(wantSet) && have.size() == want.size()) {
        misordered++;
      }
    }
    return new JsonObject().put("subscribers", subscribers.size()).put("expectedEvents", wanted)
        .put("receivedEvents", got).put("missing", missing).put("duplicated", repeated).put("unexpected", unexpected)
        .put("subscribersOutOfOrder", misordered)
        .put("ok", missing == 0 && repeated == 0 && unexpected == 0 && misordered == 0);
  }

  private static boolean caughtUp(List<FeedSubscriber> subscribers, List<List<String>> expected) {
    for (int i = 0; i < subscribers.size(); i++) {
      if (subscribers.get(i).trades().size() < expected.get(i).size()) {
        return false;
      }
    }
    return true;
  }

  /** Every trade after {@code earliest}, oldest first, from the newest page down. */
  private static List<Row> readBack(WebClient http, TradeCursor earliest) {
    List<Row> rows = new ArrayList<>();
    String next = null;
    boolean reached = false;
    do {
      var request = http.get("/trades").addQueryParam("limit", "1000");
      if (next != null) {
        request.addQueryParam("after", next);
      }
      JsonObject page = LoadPlayers.expect(request.send().await(), 200).bodyAsJsonObject();
      for (Object item : page.getJsonArray("trades")) {
        TradeRecord trade = TradeRecord.fromJson(((JsonObject) item).getJsonObject("trade"));
        TradeCursor cursor = TradeCursor.after(trade);
        reached = cursor.compareTo(earliest) <= 0;
        if (reached) {
          break;
        }
        rows.add(new Row(cursor, trade.id().toString(), trade.sellId(), trade.buyId()));
      }
      next = page.getString("next");
    } while (!reached && next != null);
    Collections.reverse(rows);
    return rows;
  }

  /** A look every tenth of the feed's default poll (FEED_POLL_MS, 1 s). */
  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
