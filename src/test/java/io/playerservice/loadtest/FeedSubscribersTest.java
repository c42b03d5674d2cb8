package io.playerservice.loadtest;

import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code loadtest --subscribe N}: streams of the live feed follow the run and are checked against the ledger. */
class FeedSubscribersTest extends ApiTest {

  @Test
  void eachSubscriberSawEveryTradeOfItsFilterExactlyOnce(@TempDir Path out) {
    LoadRuns.Result result = LoadRuns.run(service, out, 0, "--subscribe", "6", "--hot", "5", "--duration", "3");

    JsonObject feed = result.report().getJsonObject("feed");
    assertTrue(feed.getBoolean("ok"), feed.encode());
    assertEquals(6, feed.getInteger("subscribers"));
    // One follows every trade, and five one hot player each: each trade reaches three of them.
    long trades = result.report().getJsonObject("outcomes").getLong("200");
    assertTrue(feed.getLong("expectedEvents") >= 3 * trades, feed.encode() + " for " + trades + " trades");
    assertEquals(feed.getLong("expectedEvents"), feed.getLong("receivedEvents"));
    assertTrue(result.printed().contains("feed: 6 subscribers"), result.printed());
    assertTrue(result.printed().contains(": exactly once"), result.printed());
  }

  @Test
  void theOptionIsCheckedLikeTheOthers() {
    try {
      LoadOptions.parse(java.util.List.of("--subscribe", "-1"));
    } catch (IllegalArgumentException refused) {
      assertEquals("--subscribe must be an integer in 0..10000, got '-1'", refused.getMessage());
      return;
    }
    throw new AssertionError("--subscribe -1 was taken");
  }
}
