package io.playerservice.loadtest;

import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mix of every kind of request: each is sent and measured, and the books still balance. */
class LoadMixTest extends ApiTest {

  private static final String EVERY_KIND = "trade=50,get=10,list=10,count=10,ledger=10,bulk=10";

  @Test
  void everyKindIsSentAndMeasuredAndTheBulkCreatesAreAccountedFor(@TempDir Path out) {
    // A busy machine may shed an expensive read (the bulkhead's 503); that is the service's answer, not a failure here.
    JsonObject report = LoadRuns.run(service, out, 0, "--mix", EVERY_KIND, "--threshold", "errors<=100%").report();

    JsonObject kinds = report.getJsonObject("kinds");
    assertEquals(6, kinds.size(), kinds.encode());
    kinds.forEach(e -> {
      JsonObject kind = (JsonObject) e.getValue();
      assertTrue(kind.getLong("requests") > 0, e.getKey() + " was sent: " + kind.encode());
      assertTrue(kind.getJsonObject("latencyMs").getDouble("max") > 0, e.getKey());
      assertTrue(report.getJsonObject("outcomes").containsKey(e.getKey().equals("trade") ? "200"
          : e.getKey() + (e.getKey().equals("bulk") ? " 201" : " 200")), e.getKey());
    });
    assertEquals(report.getLong("trades"), kinds.getJsonObject("trade").getLong("requests"));

    JsonObject books = report.getJsonObject("conservation");
    assertTrue(books.getBoolean("ok"), books.encode());
    assertEquals(books.getLong("coinsBefore"), books.getLong("coinsAfter"), "only trades move the traders' coins");
    JsonObject bulk = books.getJsonObject("bulkCreates");
    long created = kinds.getJsonObject("bulk").getLong("requests") - kinds.getJsonObject("bulk").getLong("errors");
    assertEquals(created, bulk.getLong("answered201"));
    assertEquals(created * BulkCheck.SIZE, bulk.getLong("playersFound"), "every 201 added its players");
    assertEquals(created * BulkCheck.SIZE * BulkCheck.COINS, bulk.getLong("coinsAdded"));
    assertEquals(created * BulkCheck.SIZE * BulkCheck.GOODS, bulk.getLong("goodsAdded"));
    assertEquals(50 + created * BulkCheck.SIZE, service.count(), "the table holds the traders and those players");
    assertTrue(report.getJsonObject("exactlyOnce").getBoolean("ok"));
  }

  @Test
  void withoutKeysTheBulkCreatesAreStillAccountedFor(@TempDir Path out) {
    JsonObject report = LoadRuns.run(service, out, 0, "--mix", EVERY_KIND, "--no-keys", "--rate", "100",
        "--threshold", "errors<=100%").report();

    assertEquals(200, LoadRuns.requests(report), "100 requests/s for 2 s, of every kind");
    JsonObject bulk = report.getJsonObject("conservation").getJsonObject("bulkCreates");
    assertTrue(bulk.getBoolean("ok"), bulk.encode());
    assertEquals(bulk.getLong("answered201") * BulkCheck.SIZE, bulk.getLong("playersFound"));
  }
}
