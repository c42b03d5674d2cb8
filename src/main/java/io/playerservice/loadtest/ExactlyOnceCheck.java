package io.playerservice.loadtest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Proves exactly-once from the outside. Every trade of the run carries a key of its own
 * ({@code <run>-<loop>-<n>}); at the end the ledger must hold exactly one row for each key that was
 * answered 200 and none for any other (a key whose retries ran out may have one or none: its
 * outcome is unknown, and is reported as such), and every player's balance must be its balance
 * at the start plus its ledger movements. The run's keys are one bit each, in a {@link Keys} per
 * event loop.
 */
final class ExactlyOnceCheck {
  /** Ledger rows are read back until this long before the newest row seen at the start. */
  private static final long CLOCK_SLACK_SECONDS = 10;

  private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  private final List<Keys> keys = new ArrayList<>();
  private Map<String, long[]> before;
  private String newestId;
  private Instant newestAt;

  ExactlyOnceCheck(int loops) {
    for (int i = 0; i < loops; i++) {
      keys.add(new Keys(run + "-" + i + "-"));
    }
  }

  Keys keys(int loop) {
    return keys.get(loop);
  }

  /**
   * One event loop's keys, numbered and marked by that loop alone, so without locks; read by
   * {@link #verify} once the loops are done.
   */
  static final class Keys {
    private final String prefix;
    private final BitSet answered = new BitSet();
    /** Keys whose last answer left the outcome unknown (retries ran out): a row is allowed, not owed. */
    private final BitSet unresolved = new BitSet();
    /** The keys {@link #verify} found in the ledger. */
    private final BitSet seen = new BitSet();
    private int next;

    private Keys(String prefix) {
      this.prefix = prefix;
    }

    /** A fresh key's number, for {@link #key(int)} and {@link #answered200(int)}. */
    int nextNumber() {
      return next++;
    }

    String key(int number) {
      return prefix + number;
    }

    void answered200(int number) {
      answered.set(number);
    }

    void unresolved(int number) {
      unresolved.set(number);
    }
  }

  /**
   * Takes the players' balances before the measured run and, when {@code ledger} (the run sends
   * keys, so the service has a ledger), the ledger's newest row.
   */
  void start(LoadPlayers players, WebClient http, boolean ledger) {
    before = players.balances();
    if (!ledger) {
      return;
    }
    JsonObject newest = LoadPlayers.expect(http.get("/trades").addQueryParam("limit", "1").send().await(), 200)
        .bodyAsJsonObject();
    if (!newest.getJsonArray("trades").isEmpty()) {
      JsonObject trade = newest.getJsonArray("trades").getJsonObject(0).getJsonObject("trade");
      newestId = trade.getString("id");
      newestAt = Instant.parse(trade.getString("at"));
    }
  }

  Map<String, long[]> before() {
    return before;
  }

  /** Reads the run's ledger rows back and checks both rules; {@code after} are the balances now. */
  JsonObject verify(WebClient http, Map<String, long[]> after) {
    Map<String, long[]> expected = new HashMap<>();
    before.forEach((id, balance) -> expected.put(id, balance.clone()));
    long rows = 0;
    long duplicated = 0;
    long unexpected = 0;
    String cursor = null;
    reading:
    do {
      var request = http.get("/trades").addQueryParam("limit", "1000");
      if (cursor != null) {
        request.addQueryParam("after", cursor);
      }
      JsonObject page = LoadPlayers.expect(request.send().await(), 200).bodyAsJsonObject();
      for (Object item : page.getJsonArray("trades")) {
        JsonObject trade = ((JsonObject) item).getJsonObject("trade");
        if (trade.getString("id").equals(newestId)
            || newestAt != null && Instant.parse(trade.getString("at")).isBefore(newestAt.minusSeconds(CLOCK_SLACK_SECONDS))) {
          break reading;
        }
        String key = trade.getString("idempotencyKey");
        if (key == null || !key.startsWith(run + "-")) {
          continue; // another client's trade
        }
        rows++;
        String loopAndNumber = key.substring(run.length() + 1);
        int dash = loopAndNumber.indexOf('-');
        Keys loop = keys.get(Integer.parseInt(loopAndNumber.substring(0, dash)));
        int number = Integer.parseInt(loopAndNumber.substring(dash + 1));
        if (loop.seen.get(number)) {
          duplicated++;
        }
        loop.seen.set(number);
        if (!loop.answered.get(number) && !loop.unresolved.get(number)) {
          unexpected++;
        }
        move(expected, trade);
      }
      cursor = page.getString("next");
    } while (cursor != null);

    long missing = 0;
    long answered = 0;
    long unresolved = 0;
    for (Keys loop : keys) {
      BitSet notSeen = (BitSet) loop.answered.clone();
      notSeen.andNot(loop.seen);
      missing += notSeen.cardinality();
      answered += loop.answered.cardinality();
      unresolved += loop.unresolved.cardinality();
    }
    long mismatched = expected.entrySet().stream()
        .filter(e -> after.get(e.getKey()) == null || e.getValue()[0] != after.get(e.getKey())[0]
            || e.getValue()[1] != after.get(e.getKey())[1])
        .count();
    return new JsonObject()
        .put("answered200", answered)
        .put("unresolved", unresolved)
        .put("ledgerRows", rows)
        .put("missing", missing)
        .put("duplicated", duplicated)
        .put("unexpected", unexpected)
        .put("playersNotMatchingLedger", mismatched)
        .put("ok", missing == 0 && duplicated == 0 && unexpected == 0 && mismatched == 0);
  }

  /** Applies one trade's movements to the expected balances (players outside the run are ignored). */
  private static void move(Map<String, long[]> expected, JsonObject trade) {
    long[] seller = expected.get(trade.getString("sellId"));
    long[] buyer = expected.get(trade.getString("buyId"));
    int amount = trade.getInteger("amount");
    int price = trade.getInteger("price");
    if (seller != null) {
      seller[0] += price;
      seller[1] -= amount;
    }
    if (buyer != null) {
      buyer[0] -= price;
      buyer[1] += amount;
    }
  }
}
