package io.playerservice.loadtest;

import io.playerservice.db.embedded.EmbeddedMariaDb;
import io.playerservice.support.ApiTest;
import io.playerservice.support.FaultScript;
import io.playerservice.support.Processes;
import io.playerservice.support.ServiceUnderTest;
import io.playerservice.support.Sleep;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load generator against a real service: it trades, reports, and checks the books. */
class LoadGeneratorTest extends ApiTest {

  private JsonObject run(Path out, String... extra) {
    return run(service, out, extra);
  }

  private static JsonObject run(ServiceUnderTest service, Path out, String... extra) {
    LoadRuns.Result result = LoadRuns.run(service, out, 0, extra);
    assertEquals(!List.of(extra).contains("--no-keys"),
        result.printed().contains("exactly once: ") && result.printed().contains(": OK"), result.printed());
    return result.report();
  }

  @Test
  void closedModelTradesAndTheBooksBalance(@TempDir Path out) {
    JsonObject report = run(out, "--hot", "5", "--mix", "20");

    assertTrue(report.getLong("trades") > 0);
    assertEquals(report.getLong("trades"), report.getJsonObject("outcomes").getLong("200"));
    assertTrue(report.getJsonObject("outcomes").getLong("get 200") > 0, "the mix sent reads");
    assertTrue(report.getJsonObject("conservation").getBoolean("ok"));
    JsonObject once = report.getJsonObject("exactlyOnce");
    assertTrue(once.getBoolean("ok"), once.encode());
    assertEquals(report.getLong("trades"), once.getLong("answered200"), "every trade answered 200 was counted");
    assertEquals(once.getLong("answered200"), once.getLong("ledgerRows"), "one ledger row each");
    assertTrue(report.getJsonArray("series").size() >= 2);
    assertEquals(50, service.count(), "the players were created once");
  }

  @Test
  void tradesCaughtByAFrozenDatabaseAreSentAgainWithTheirKeysAndHappenOnce(@TempDir Path out) throws Exception {
    try (EmbeddedMariaDb database = EmbeddedMariaDb.start("test")) {
      JsonObject settings = ServiceUnderTest.settingsFor(database).put("REQUEST_TIMEOUT_MS", 1000);
      ProcessHandle server = Processes.mariadbd(settings.getInteger("TIDB_PORT"));
      try (ServiceUnderTest frozen = ServiceUnderTest.start(settings)) {
        JsonObject report;
        try (FaultScript freeze = FaultScript.start(() -> {
          Sleep.millis(3000); // the 50 players are made and the run has begun
          Processes.freeze(server);
          Sleep.millis(2500);
          Processes.thaw(server);
        })) {
          report = run(frozen, out, "--duration", "7");
        }

        JsonObject retries = report.getJsonObject("retries");
        assertTrue(retries.getLong("retried") > 0, "the freeze made trades go again: " + report.encode());
        JsonObject once = report.getJsonObject("exactlyOnce");
        assertTrue(once.getBoolean("ok"), once.encode());
        assertEquals(0, once.getLong("unresolved"), "every retried trade got a final answer");
        assertEquals(once.getLong("answered200"), once.getLong("ledgerRows"));
      } finally {
        Processes.thaw(server);
      }
    }
  }

  @Test
  void withoutKeysTradesGoOnceAndOnlyTheSumsAreChecked(@TempDir Path out) {
    JsonObject report = run(out, "--no-keys");

    assertEquals(report.getLong("trades"), report.getJsonObject("outcomes").getLong("200"));
    assertTrue(report.getJsonObject("conservation").getBoolean("ok"));
    assertEquals(null, report.getJsonObject("exactlyOnce"), "no ledger check without keys");
    JsonArray ledger = service.get("/trades?limit=1000").bodyAsJsonObject().getJsonArray("trades");
    assertTrue(ledger.stream().noneMatch(t -> ((JsonObject) t).getJsonObject("trade").containsKey("idempotencyKey")),
        "no trade carried a key");
  }

  @Test
  void severalEventLoopsShareTheConnectionsAndTheirKeysAreCheckedTogether(@TempDir Path out) {
    JsonObject report = run(out, "--threads", "3", "--hot", "5", "--mix", "20");

    assertEquals(3, report.getInteger("threads"));
    assertEquals(report.getLong("trades"), report.getJsonObject("outcomes").getLong("200"));
    assertTrue(report.getJsonObject("outcomes").getLong("get 200") > 0, "the mix sent reads");
    JsonObject once = report.getJsonObject("exactlyOnce");
    assertTrue(once.getBoolean("ok"), once.encode());
    assertEquals(report.getLong("trades"), once.getLong("answered200"), "every loop's 200s were counted");
    assertEquals(once.getLong("answered200"), once.getLong("ledgerRows"), "one ledger row each");
    assertTrue(report.getDouble("cpuMicrosPerRequest") > 0, "the process's CPU per request is reported");
  }

  @Test
  void openModelOverSeveralEventLoopsSendsEveryTradeOnce(@TempDir Path out) {
    JsonObject report = run(out, "--rate", "150", "--threads", "2", "--no-keys");

    assertEquals(300, report.getLong("trades"), "150 trades/s for 2 s, split between the loops, none twice");
    assertEquals(300, report.getJsonObject("outcomes").getLong("200"));
  }

  @Test
  void openModelSendsAtTheGivenRate(@TempDir Path out) {
    JsonObject report = run(out, "--rate", "200", "--warmup", "1");

    assertEquals("open", report.getString("model"));
    assertEquals(400, report.getLong("trades"), "200 trades/s for 2 s, every one answered, the warm-up not counted");
    assertTrue(report.getJsonObject("latencyMs").getDouble("p99") > 0);
  }

  /**
   * sqlbench runs the service's own trade on a pool: its trades, warm-up included, are in the
   * ledger, the sums hold, and it reports its own CPU per measured trade.
   */
  @Test
  void sqlbenchTradesThroughTheServicesOwnTradeAndTheBooksBalance() {
    LoadPlayers players = new LoadPlayers(WebClient.create(service.vertx, new WebClientOptions()
        .setDefaultHost("localhost").setDefaultPort(service.config.httpPort())));
    players.ensure(10);
    long[] before = LoadPlayers.sums(players.balances());
    long rowsBefore = ledgerRows();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    long perSecond = SqlBench.run(service.vertx, service.config,
        LoadOptions.parse(List.of("--players", "10", "--connections", "2", "--duration", "1", "--warmup", "1")),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String printed = bytes.toString(StandardCharsets.UTF_8);
    Matcher trades = Pattern.compile("sql trades/s: \\d+ \\((\\d+) trades, .*; (\\d+) more in a 1 s warm-up\\)")
        .matcher(printed);
    assertTrue(perSecond > 0 && trades.find(), printed);
    assertTrue(Long.parseLong(trades.group(2)) > 0, "the warm-up traded: " + printed);
    assertEquals(Long.parseLong(trades.group(1)) + Long.parseLong(trades.group(2)), ledgerRows() - rowsBefore,
        "one ledger row per trade: " + printed);
    assertTrue(Pattern.compile("sql CPU per trade: [1-9]\\d* µs").matcher(printed).find(), printed);
    assertArrayEquals(before, LoadPlayers.sums(players.balances()), "coins and goods conserved");
  }

  private long ledgerRows() {
    return service.database().query("SELECT COUNT(*) FROM trade").execute().await().iterator().next().getLong(0);
  }
}
