package io.playerservice.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadOptionsTest {

  @Test
  void defaultsAreAClosedTenSecondRunOverAThousandPlayers() {
    LoadOptions options = LoadOptions.parse(List.of());
    assertEquals("http://localhost:8080", options.url().toString());
    assertEquals(1000, options.players());
    assertEquals(1000, options.hot());
    assertEquals(64, options.connections());
    assertEquals(10, options.durationSeconds());
    assertFalse(options.openModel());
    assertEquals(0, options.mixPercent());
    assertTrue(options.keys(), "trades carry Idempotency-Keys unless told not to");
    assertEquals(1, options.threads());
  }

  @Test
  void everyOptionIsRead() {
    LoadOptions options = LoadOptions.parse(List.of("--url", "http://127.0.0.1:9000", "--players", "50",
        "--connections", "8", "--duration", "3", "--rate", "500", "--hot", "10", "--mix", "25", "--warmup", "2",
        "--out", "r", "--no-keys", "--threads", "4"));
    assertEquals(9000, options.url().getPort());
    assertEquals(50, options.players());
    assertEquals(8, options.connections());
    assertEquals(3, options.durationSeconds());
    assertTrue(options.openModel());
    assertEquals(500, options.rate());
    assertEquals(10, options.hot());
    assertEquals(25, options.mixPercent());
    assertEquals(2, options.warmupSeconds());
    assertFalse(options.keys());
    assertEquals(4, options.threads());
  }

  @Test
  void theLastOfARepeatedOptionWins() {
    assertEquals(7, LoadOptions.parse(List.of("--duration", "2", "--duration", "7")).durationSeconds());
  }

  @Test
  void mixWithoutAValueMeansTenPercent() {
    assertEquals(10, LoadOptions.parse(List.of("--mix")).mixPercent());
    assertEquals(10, LoadOptions.parse(List.of("--mix", "--duration", "2")).mixPercent());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--players 1|--players must be an integer in 2..1000000, got '1'",
      "--connections 0|--connections must be an integer in 1..4096, got '0'",
      "--duration abc|--duration must be an integer in 1..86400, got 'abc'",
      "--rate -5|--rate must be an integer in 1..10000000, got '-5'",
      "--hot 1|--hot must be an integer in 2..1000000, got '1'",
      "--players 5 --hot 6|--hot 6 is more than --players 5",
      "--mix 101|--mix must be an integer in 0..100, got '101'",
      "--warmup -1|--warmup must be an integer in 0..3600, got '-1'",
      "--threads 0|--threads must be an integer in 1..64, got '0'",
      "--connections 2 --threads 3|--threads 3 is more than --connections 2",
      "--url ftp://x|--url must be an http:// or https:// URL with a host, got 'ftp://x'",
      // picocli's own words for what it refuses before the options are checked
      "--url|Missing required parameter for option '--url' (URL)",
      "--speed 3|Unknown options: '--speed', '3'",
  })
  void nonsenseIsRefusedWithTheReason(String args, String reason) {
    var error = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(List.of(args.split(" "))));
    assertEquals(reason, error.getMessage());
  }
}
