package io.playerservice.loadtest;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each metric is measured from what the loops recorded, in the unit its threshold names. */
class ThresholdTest {

  /** 100 trades of 1..100 ms and two point reads, one of them failed, over 2 s. */
  private static LoadStats recorded() {
    LoadStats stats = new LoadStats(1, Mix.parse("trade=1,get=1"));
    for (int i = 1; i <= 100; i++) {
      stats.loop(0).answered(Kind.TRADE, i * 1000L, 200);
    }
    stats.loop(0).answered(Kind.GET, 5000, 200);
    stats.loop(0).answered(Kind.GET, 7000, 503);
    stats.interval(2, 2, false); // the trades' interval closes into the total, as at the end of a run
    return stats;
  }

  @Test
  void latenciesAreTheTradesUnlessAKindIsNamed() {
    LoadStats stats = recorded();
    assertEquals(99, Threshold.parse("p99<50ms").measure(stats, 2), 0.1);
    assertEquals(50_000, Threshold.parse("p50 < 1us").measure(stats, 2), 50);
    assertEquals(0.1, Threshold.parse("max<1s").measure(stats, 2), 0.001);
    assertEquals(7, Threshold.parse("get.max<1ms").measure(stats, 2), 0.01);
  }

  @Test
  void errorsAreAShareOfEveryRequestAndRateIsPerSecond() {
    LoadStats stats = recorded();
    assertEquals(100.0 / 102, Threshold.parse("errors<0.1%").measure(stats, 2), 1e-9);
    assertEquals(50, Threshold.parse("get.errors<1%").measure(stats, 2), 1e-9);
    assertEquals(0, Threshold.parse("trade.errors<1%").measure(stats, 2), 1e-9);
    assertEquals(50, Threshold.parse("rate>1000").measure(stats, 2), 1e-9, "trades per second");
    assertEquals(1, Threshold.parse("get.rate>1000/s").measure(stats, 2), 1e-9);
  }

  @Test
  void aVerdictSaysWhetherTheBoundHeld() {
    LoadStats stats = recorded();
    JsonObject crossed = Threshold.parse("p99<50ms").verdict(stats, 2);
    assertEquals("p99<50ms", crossed.getString("threshold"));
    assertEquals("ms", crossed.getString("unit"));
    assertFalse(crossed.getBoolean("ok"));
    assertTrue(Threshold.parse("rate>=50").verdict(stats, 2).getBoolean("ok"));
    assertFalse(Threshold.parse("rate>50").verdict(stats, 2).getBoolean("ok"));
    assertTrue(Threshold.parse("p99.9<=1s").verdict(stats, 2).getBoolean("ok"));
    assertFalse(Threshold.NO_ERRORS.verdict(stats, 2).getBoolean("ok"), "one read failed");
    assertTrue(Threshold.NO_ERRORS.verdict(stats, 2).getBoolean("implicit"));
  }
}
