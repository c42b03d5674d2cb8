package io.playerservice.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadOptionsTest {

  @Test
  void defaultsAreAWarmedClosedTenSecondRunOfTradesOverAThousandPlayersWithALoopPerCore() {
    LoadOptions options = LoadOptions.parse(List.of());
    assertEquals("http://localhost:8080", options.url().toString());
    assertEquals(1000, options.players());
    assertEquals(1000, options.hot());
    assertEquals(64, options.connections());
    assertEquals(10, options.durationSeconds());
    assertFalse(options.openModel());
    assertTrue(options.mix().tradesOnly());
    assertTrue(options.keys(), "trades carry Idempotency-Keys unless told not to");
    assertEquals(Math.min(Runtime.getRuntime().availableProcessors(), 64), options.threads());
    assertTrue(options.threadsPerCore());
    assertEquals(3, options.warmupSeconds());
    assertEquals(List.of(Threshold.NO_ERRORS), options.thresholds(), "no failed request, unless told otherwise");
    assertNull(options.compare());
    assertNull(options.hgrm());
  }

  @Test
  void everyOptionIsRead(@org.junit.jupiter.api.io.TempDir Path old) throws Exception {
    Files.writeString(old.resolve("report.json"), "{\"tradesPerSecond\":10,\"latencyMs\":{\"p50\":1,\"p99\":2,\"p99.9\":3}}");
    LoadOptions options = LoadOptions.parse(List.of("--url", "http://127.0.0.1:9000", "--players", "50",
        "--connections", "8", "--duration", "3", "--rate", "500", "--hot", "10", "--mix", "25", "--warmup", "2",
        "--out", "r", "--no-keys", "--threads", "4", "--threshold", "p99<50ms", "--threshold", "errors<1%",
        "--compare", old.toString(), "--hgrm", "r/t.hgrm"));
    assertEquals(9000, options.url().getPort());
    assertEquals(50, options.players());
    assertEquals(8, options.connections());
    assertEquals(3, options.durationSeconds());
    assertTrue(options.openModel());
    assertEquals(500, options.rate());
    assertEquals(10, options.hot());
    assertEquals("trade 75%, get 25%", options.mix().toString());
    assertEquals(2, options.warmupSeconds());
    assertFalse(options.keys());
    assertEquals(4, options.threads());
    assertFalse(options.threadsPerCore());
    assertEquals(List.of("p99<50ms", "errors<1%"), options.thresholds().stream().map(Threshold::text).toList(),
        "an explicit bound on errors replaces the default");
    assertEquals(Path.of("r/t.hgrm"), options.hgrm());
  }

  @Test
  void theLoopsFollowTheCoresButNeverOutnumberTheConnections() {
    assertEquals(1, LoadOptions.parse(List.of("--connections", "1")).threads());
  }

  @Test
  void theLastOfARepeatedOptionWins() {
    assertEquals(7, LoadOptions.parse(List.of("--duration", "2", "--duration", "7")).durationSeconds());
  }

  @Test
  void mixWithoutAValueMeansTenPercentPointReads() {
    assertEquals("trade 90%, get 10%", LoadOptions.parse(List.of("--mix")).mix().toString());
    assertEquals("trade 90%, get 10%", LoadOptions.parse(List.of("--mix", "--duration", "2")).mix().toString());
  }

  @Test
  void mixSharesAreWeightsOfEachKind() {
    Mix mix = LoadOptions.parse(List.of("--mix", "trade=70,get=10,list=5,count=5,ledger=5,bulk=5")).mix();
    assertEquals("trade 70%, get 10%, list 5%, count 5%, ledger 5%, bulk 5%", mix.toString());
    assertEquals("trade 66.7%, bulk 33.3%", Mix.parse("trade=2,bulk=1").toString());
    assertEquals("get 100%", Mix.parse("get=1").toString(), "a load of reads alone is a load too");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--players 1|--players must be an integer in 2..1000000, got '1'",
      "--connections 0|--connections must be an integer in 1..4096, got '0'",
      "--duration abc|--duration must be an integer in 1..86400, got 'abc'",
      "--rate -5|--rate must be an integer in 1..10000000, got '-5'",
      "--hot 1|--hot must be an integer in 2..1000000, got '1'",
      "--players 5 --hot 6|--hot 6 is more than --players 5",
      "--mix 101|--mix 101: a bare number is the share of point reads, 0..100",
      "--mix trade=1,sell=2|--mix 'trade=1,sell=2': 'sell=2' is not KIND=SHARE; expected KIND=SHARE,... with KIND"
          + " one of trade, get, list, count, ledger, bulk and SHARE a whole number (e.g. trade=70,get=10,list=5,"
          + "count=5,ledger=5,bulk=5), or P for P% point reads",
      "--mix trade=1,trade=2|--mix 'trade=1,trade=2': trade is named twice",
      "--mix trade=0|--mix 'trade=0': the shares add up to 0; expected KIND=SHARE,... with KIND one of trade, get,"
          + " list, count, ledger, bulk and SHARE a whole number (e.g. trade=70,get=10,list=5,count=5,ledger=5,"
          + "bulk=5), or P for P% point reads",
      "--warmup -1|--warmup must be an integer in 0..3600, got '-1'",
      "--threads 0|--threads must be an integer in 1..64, got '0'",
      "--connections 2 --threads 3|--threads 3 is more than --connections 2",
      "--url ftp://x|--url must be an http:// or https:// URL with a host, got 'ftp://x'",
      "--threshold p99<50|--threshold 'p99<50': a latency needs a unit, ms, s or us (e.g. p99<50ms)",
      "--threshold errors<1|--threshold 'errors<1': errors is a share of the requests, in % (e.g. errors<0.1%)",
      "--threshold rate>5ms|--threshold 'rate>5ms': rate is requests per second, a bare number (e.g. rate>1000)",
      "--threshold p0<5ms|--threshold 'p0<5ms': a percentile is above 0 and at most 100",
      "--threshold sell.p99<5ms|--threshold 'sell.p99<5ms': no kind 'sell'; kinds are trade, get, list, count,"
          + " ledger, bulk",
      "--threshold get.p99<5ms|--threshold 'get.p99<5ms': the --mix sends no get",
      "--mix get=1 --threshold rate>5|--threshold 'rate>5': the --mix sends no trade",
      "--threshold p99=5ms|--threshold 'p99=5ms': expected [KIND.]METRIC OP VALUE: METRIC a latency (p50, p90,"
          + " p99, p99.9, any pNN, or max) with a unit ms, s or us, errors with %, or rate (per second); OP one of"
          + " < <= > >=; KIND one of trade, get, list, count, ledger, bulk (e.g. 'p99<50ms', 'errors<0.1%',"
          + " 'rate>1000', 'get.p99<10ms')",
      "--compare /nonexistent/old|--compare /nonexistent/old: cannot read a report.json there"
          + " (NoSuchFileException: /nonexistent/old)",
      // picocli's own words for what it refuses before the options are checked
      "--url|Missing required parameter for option '--url' (URL)",
      "--speed 3|Unknown options: '--speed', '3'",
  })
  void nonsenseIsRefusedWithTheReason(String args, String reason) {
    var error = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(List.of(args.split(" "))));
    assertEquals(reason, error.getMessage());
  }

  @Test
  void aComparedReportMustBeALoadtestReport(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("report.json"), "{\"trades\": 3}");
    var error = assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.parse(List.of("--compare", dir.toString())));
    assertEquals("--compare " + dir + ": not a loadtest report.json (no tradesPerSecond or latencyMs.p50)",
        error.getMessage());
  }
}
