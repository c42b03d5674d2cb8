package io.playerservice.loadtest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Proves exactly-once from the outside. Every trade of the run carries a key of its own
 * ({@code <run>-<loop>-<n>}); at the end the ledger must hold exactly one row for each key that was
 * answered 200 and none for any other (a key whose retries ran out may have one or none: its
 * outcome is unknown, and is reported as such), and every player's balance must be its balance
 * at the start plus its ledger movements. The run's keys are one bit each, in a {@link LoopKeys}
 * per event loop.
 */
final class ExactlyOnceCheck {
  private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  private final List<LoopKeys> keys = new ArrayList<>();
  private Map<String, long[]> before;
  private LedgerReader ledger;
  /** What {@link #verify} found in the ledger. */
  private long rows;
  private long duplicated;
  private long unexpected;

  ExactlyOnceCheck(int loops) {
    for (int i = 0; i < loops; i++) {
      keys.add(new LoopKeys(run + "-" + i + "-"));
    }
  }

  LoopKeys keys(int loop) {
    return keys.get(loop);
  }

  /**
   * Takes the players' balances before the measured run and, when {@code ledger} (the run sends
   * keys, so the service has a ledger), the ledger's newest row.
   */
  void start(LoadPlayers players, WebClient http, boolean ledger) {
    before = players.balances();
    if (ledger) {
      this.ledger = LedgerReader.fromNow(http);
    }
  }

  Map<String, long[]> before() {
    return before;
  }

  /**
   * Reads the run's ledger rows back and checks both rules; {@code after} are the balances now.
   * Only when {@link #start} read the ledger.
   */
  JsonObject verify(Map<String, long[]> after) {
    Map<String, long[]> expected = new HashMap<>();
    before.forEach((id, balance) -> expected.put(id, balance.clone()));
    ledger.readBack(trade -> check(trade, expected));

    long missing = 0;
    long answered = 0;
    long unresolved = 0;
    for (LoopKeys loop : keys) {
      missing += loop.missingCount();
      answered += loop.answeredCount();
      unresolved += loop.unresolvedCount();
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

  /** Marks one ledger row's key as seen and moves {@code expected}; other clients' rows are skipped. */
  private void check(JsonObject trade, Map<String, long[]> expected) {
    String key = trade.getString("idempotencyKey");
    if (key == null || !key.startsWith(run + "-")) {
      return; // another client's trade
    }
    rows++;
    String loopAndNumber = key.substring(run.length() + 1);
    int dash = loopAndNumber.indexOf('-');
    LoopKeys loop = keys.get(Integer.parseInt(loopAndNumber.substring(0, dash)));
    int number = Integer.parseInt(loopAndNumber.substring(dash + 1));
    if (!loop.firstSeen(number)) {
      duplicated++;
    }
    if (!loop.mayHaveRow(number)) {
      unexpected++;
    }
    move(expected, trade);
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
