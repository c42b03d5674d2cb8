package io.playerservice.loadtest;

import io.playerservice.support.ApiTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a CI job reads from a run: thresholds and the exit status, two runs compared, the .hgrm. */
class LoadVerdictsTest extends ApiTest {

  /**
   * No HTTP answer comes within a microsecond and no service here makes ten million trades a
   * second, while an hour bounds every latency the histogram holds: the verdicts cannot depend
   * on the machine's speed.
   */
  @Test
  void aCrossedThresholdFailsTheRunAndEachIsNamedOnALineOfItsOwn(@TempDir Path out) {
    LoadRuns.Result run = LoadRuns.run(service, out, 1, "--threshold", "p50<1us", "--threshold", "rate>10000000",
        "--threshold", "p99<3600s", "--threshold", "errors<=100%");

    List<String> crossed = run.printed().lines().filter(line -> line.contains("CROSSED")).toList();
    assertEquals(2, crossed.size(), run.printed());
    assertTrue(crossed.get(0).startsWith("threshold p50<1us: CROSSED (measured "), crossed.get(0));
    assertTrue(crossed.get(1).startsWith("threshold rate>10000000: CROSSED (measured "), crossed.get(1));
    assertTrue(run.printed().contains("threshold p99<3600s: kept"), run.printed());
    JsonArray verdicts = run.report().getJsonArray("thresholds");
    assertEquals(4, verdicts.size(), "an explicit bound on errors replaces the default: " + verdicts.encode());
    assertEquals(List.of(false, false, true, true), verdicts.stream().map(v -> ((JsonObject) v).getBoolean("ok")).toList());
    assertTrue(run.report().getJsonObject("conservation").getBoolean("ok"), "only the thresholds failed the run");
    assertTrue(run.report().getJsonObject("exactlyOnce").getBoolean("ok"));
  }

  @Test
  void withoutThresholdsAFailedRequestFailsTheRunAndNoneFailedHere(@TempDir Path out) {
    LoadRuns.Result run = LoadRuns.run(service, out, 0);

    assertTrue(run.printed().contains("threshold errors<=0%: kept (measured 0 %), the default"), run.printed());
    JsonObject verdict = run.report().getJsonArray("thresholds").getJsonObject(0);
    assertTrue(verdict.getBoolean("implicit"));
  }

  @Test
  void byDefaultTheLoopsFollowTheCoresAndAWarmUpRunsFirst(@TempDir Path out) {
    LoadRuns.Result run = LoadRuns.run(service, out, 0, "--warmup", "3");

    int loops = Math.min(Runtime.getRuntime().availableProcessors(), 8);
    assertTrue(run.printed().contains(loops + " sending event loop" + (loops == 1 ? "" : "s")
        + " (one per core, as wrk's threads; --threads to change)"), run.printed());
    assertTrue(run.printed().contains("warming up for 3 s (not measured; --warmup 0 skips it)"), run.printed());
    JsonObject generator = run.report().getJsonObject("generator");
    assertEquals(loops, generator.getJsonArray("loopBusy").size());
    generator.getJsonArray("loopBusy").forEach(share -> assertTrue(((Number) share).doubleValue() > 0, "measured"));
    assertNotNull(generator.getBoolean("bottleneck"));
    assertEquals(3, run.report().getInteger("warmupSeconds"));
  }

  @Test
  void aRunComparedWithAnEarlierOnePrintsTheRatiosAndCarriesBothCurves(@TempDir Path dir) throws Exception {
    JsonObject old = LoadRuns.run(service, dir.resolve("old"), 0, "--no-keys").report();
    Path hgrm = dir.resolve("new/trades.hgrm");

    LoadRuns.Result run = LoadRuns.run(service, dir.resolve("new"), 0, "--no-keys", "--compare",
        dir.resolve("old").toString(), "--hgrm", hgrm.toString());

    assertTrue(run.printed().contains("compared with " + dir.resolve("old/report.json")
        + " (new/old): throughput "), run.printed());
    JsonObject compare = run.report().getJsonObject("compare");
    JsonObject ratios = compare.getJsonObject("ratios");
    assertEquals((double) run.report().getLong("tradesPerSecond") / old.getLong("tradesPerSecond"),
        ratios.getDouble("tradesPerSecond"), 0.001);
    for (String p : List.of("p50", "p99", "p99.9")) {
      assertEquals(run.report().getJsonObject("latencyMs").getDouble(p) / old.getJsonObject("latencyMs").getDouble(p),
          ratios.getDouble(p), 0.001, p);
    }
    assertEquals(old.getJsonObject("kinds").getJsonObject("trade").getJsonArray("percentiles"),
        compare.getJsonObject("old").getJsonObject("percentiles").getJsonArray("trade"), "the old curve, to overlay");

    List<String> lines = Files.readAllLines(hgrm);
    assertEquals("Value     Percentile TotalCount 1/(1-Percentile)", lines.get(0).strip(), "HdrHistogram's format");
    String max = lines.stream().filter(l -> l.startsWith("#[Max")).findFirst().orElseThrow();
    assertEquals(run.report().getLong("trades"), Long.parseLong(max.replaceAll(".*Total count\\s*=\\s*(\\d+)]", "$1")),
        "every trade is in the distribution: " + max);
    assertFalse(run.report().getJsonObject("kinds").getJsonObject("trade").getJsonArray("percentiles").isEmpty());
  }
}
