package io.playerservice.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM options file (src/main/jvm/player-service.jvm) sizes the heap from the measured figures
 * of {@link HeapNeed}, by one rule: 2.5 times what is live (the serial collector's room: an old
 * generation kept at least 40% free, a young one a third of the heap). The heap at start for what
 * a start holds, the ceiling for the default settings' bounds; and the check at start speaks when
 * a heap cannot hold the bounds.
 */
class HeapNeedTest {
  private static final long MB = 1024 * 1024;
  private static final double ROOM = 2.5;
  /** HTTP_MAX_CONNECTIONS' most when left to its default ({@link MachineLimits}). */
  private static final ServiceConfig DEFAULTS_AT_MOST = ServiceConfig.fromJson(new JsonObject()
      .put("HTTP_MAX_CONNECTIONS", MachineLimits.CAP_MAX_CONNECTIONS));

  @Test
  void theOptionsFileSizesTheHeapForWhatIsLive() throws IOException {
    String options = Files.readString(Path.of("src/main/jvm/player-service.jvm"));
    long initial = bytes(options, "-Xms");
    long ceiling = bytes(options, "-XX:ErgoHeapSizeLimit=");

    assertEquals(ROOM * HeapNeed.AFTER_START, initial, 4 * MB, "-Xms");
    assertEquals(ROOM * HeapNeed.liveAtBounds(DEFAULTS_AT_MOST), ceiling, 8 * MB, "-XX:ErgoHeapSizeLimit");
    assertTrue(ceiling >= ROOM * HeapNeed.liveAtBounds(DEFAULTS_AT_MOST), "never below the rule");
  }

  @Test
  void theDefaultsFitTheCeilingAndAQuarterOfAOneGibContainer() {
    assertTrue(HeapNeed.shortfall(DEFAULTS_AT_MOST, 300 * MB).isEmpty());
    assertTrue(HeapNeed.shortfall(DEFAULTS_AT_MOST, 256 * MB).isEmpty()); // MaxRAMPercentage=25 of 1 GiB
  }

  @Test
  void aHeapThatCannotHoldTheBoundsIsNamedWithTheSettings() {
    String why = HeapNeed.shortfall(DEFAULTS_AT_MOST, 128 * MB).orElseThrow(); // a quarter of 512 MiB
    assertTrue(why.startsWith("HTTP_MAX_CONNECTIONS=10000 and DB_MAX_WAIT_QUEUE=4096 can keep 118 MB live"), why);
    assertTrue(why.contains("128 MB heap"), why);
  }

  private static long bytes(String options, String flag) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(flag) + "(\\d+)m$").matcher(options);
    assertTrue(m.find(), flag + " in the options file");
    return Long.parseLong(m.group(1)) * MB;
  }
}
