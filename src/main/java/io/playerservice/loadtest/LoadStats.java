package io.playerservice.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load generator measured: trade latencies (µs), outcomes, and a per-second series. Each
 * event loop records into a {@link Loop} of its own; they are merged here, once a second and at the end.
 */
final class LoadStats {
  /** Up to one hour, at three significant digits. */
  private static final long MAX_MICROS = 3_600_000_000L;

  private final List<Loop> loops = new ArrayList<>();
  private final Histogram total = new Histogram(MAX_MICROS, 3);
  private final Histogram interval = new Histogram(MAX_MICROS, 3);
  private final Histogram scratch = new Histogram(MAX_MICROS, 3);
  /** Shared by the loops, but touched only by the rare failed or retried trade. */
  private final LongAdder errors = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final JsonArray series = new JsonArray();
  private long lastErrors;

  LoadStats(int loops) {
    for (int i = 0; i < loops; i++) {
      this.loops.add(new Loop());
    }
  }

  Loop loop(int index) {
    return loops.get(index);
  }

  /**
   * One event loop's share: written by that loop alone, without locks or allocation. The recorder
   * may be read from another thread while it is written; the counts are read once the loop is done.
   */
  final class Loop {
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(MAX_MICROS, 3);
    private final StatusCounts trades = new StatusCounts();
    private final StatusCounts reads = new StatusCounts();

    /** {@code status} 0: the trade failed in transport. */
    void trade(long micros, int status) {
      recorder.recordValue(Math.min(Math.max(micros, 1), MAX_MICROS));
      trades.count(status);
      if (status != 200) {
        errors.increment();
      }
    }

    void read(int status) {
      reads.count(status);
    }

    /** A trade that needed more than one send; {@code replay}: its final answer was a stored one. */
    void retried(boolean replay) {
      retried.increment();
      if (replay) {
        replayed.increment();
      }
    }
  }

  long retried() {
    return retried.sum();
  }

  long replayed() {
    return replayed.sum();
  }

  /** Closes one interval: adds it to the total and the series, and returns its progress line. */
  synchronized String interval(double elapsedSeconds, double intervalSeconds) {
    interval.reset();
    for (Loop loop : loops) {
      loop.recorder.getIntervalHistogramInto(scratch);
      interval.add(scratch);
    }
    total.add(interval);
    long errorsNow = errors.sum();
    double rate = interval.getTotalCount() / intervalSeconds;
    series.add(new JsonObject()
        .put("t", round(elapsedSeconds))
        .put("tradesPerSecond", round(rate))
        .put("p50Ms", ms(interval.getValueAtPercentile(50)))
        .put("p99Ms", ms(interval.getValueAtPercentile(99)))
        .put("errors", errorsNow - lastErrors));
    String line = String.format("%6.1fs %9.0f trades/s  p50 %7.2f ms  p99 %7.2f ms  errors %d",
        elapsedSeconds, rate, ms(interval.getValueAtPercentile(50)), ms(interval.getValueAtPercentile(99)),
        errorsNow - lastErrors);
    lastErrors = errorsNow;
    return line;
  }

  long trades() {
    return total.getTotalCount();
  }

  /** Trades and reads answered or failed, once the loops are done. */
  long requests() {
    long requests = 0;
    for (Loop loop : loops) {
      requests += loop.trades.total() + loop.reads.total();
    }
    return requests;
  }

  long errors() {
    return errors.sum();
  }

  Histogram histogram() {
    return total;
  }

  /** Counts by outcome ("200", "connection error", "GET 200", ...), once the loops are done. */
  Map<String, Long> outcomes() {
    Map<String, Long> sorted = new TreeMap<>();
    for (Loop loop : loops) {
      loop.trades.addTo(sorted, "");
      loop.reads.addTo(sorted, "GET ");
    }
    return sorted;
  }

  JsonArray series() {
    return series;
  }

  static double ms(long micros) {
    return round(micros / 1000.0);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
