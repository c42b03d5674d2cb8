package io.playerservice.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load generator measured: latencies (µs) and outcomes by kind, answers by status in each
 * second, and a per-second series of the trades. Each event loop records into a {@link LoopStats}
 * of its own; they are merged here, the trades once a second, the rest once the loops are done.
 */
final class LoadStats {
  /** Up to one hour, at three significant digits. */
  static final long MAX_MICROS = 3_600_000_000L;

  private final List<LoopStats> loops = new ArrayList<>();
  private final Histogram total = new Histogram(MAX_MICROS, 3);
  private final Histogram interval = new Histogram(MAX_MICROS, 3);
  private final Histogram scratch = new Histogram(MAX_MICROS, 3);
  private final LongAdder errors = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final JsonArray series = new JsonArray();
  private long lastErrors;

  LoadStats(int loops, Mix mix) {
    long start = System.nanoTime();
    for (int i = 0; i < loops; i++) {
      this.loops.add(new LoopStats(mix, start, errors, retried, replayed));
    }
  }

  LoopStats loop(int index) {
    return loops.get(index);
  }

  long retried() {
    return retried.sum();
  }

  long replayed() {
    return replayed.sum();
  }

  /**
   * Closes one interval: adds it to the total and, unless {@code sliver} (a remainder too short
   * for a rate worth charting), to the series; returns its progress line.
   */
  synchronized String interval(double elapsedSeconds, double intervalSeconds, boolean sliver) {
    interval.reset();
    for (LoopStats loop : loops) {
      loop.trades.getIntervalHistogramInto(scratch);
      interval.add(scratch);
    }
    total.add(interval);
    long errorsNow = errors.sum();
    double rate = interval.getTotalCount() / intervalSeconds;
    if (!sliver) {
      series.add(point(elapsedSeconds, rate, errorsNow - lastErrors));
    }
    String line = String.format("%6.1fs %9.0f trades/s  p50 %7.2f ms  p99 %7.2f ms  errors %d",
        elapsedSeconds, rate, ms(interval.getValueAtPercentile(50)), ms(interval.getValueAtPercentile(99)),
        errorsNow - lastErrors);
    lastErrors = errorsNow;
    return line;
  }

  private JsonObject point(double elapsedSeconds, double rate, long errors) {
    return new JsonObject()
        .put("t", round(elapsedSeconds))
        .put("tradesPerSecond", round(rate))
        .put("p50Ms", ms(interval.getValueAtPercentile(50)))
        .put("p99Ms", ms(interval.getValueAtPercentile(99)))
        .put("maxMs", ms(interval.getMaxValue()))
        .put("errors", errors);
  }

  long trades() {
    return total.getTotalCount();
  }

  /** The latencies of {@code kind}, once the loops are done (the trades' once the last interval closed). */
  Histogram latency(Kind kind) {
    if (kind == Kind.TRADE) {
      return total;
    }
    Histogram merged = new Histogram(MAX_MICROS, 3);
    for (LoopStats loop : loops) {
      if (loop.latencies[kind.ordinal()] != null) {
        merged.add(loop.latencies[kind.ordinal()]);
      }
    }
    return merged;
  }

  /** Requests of {@code kind} (null: of every kind) answered or failed, once the loops are done. */
  long requests(Kind kind) {
    long requests = 0;
    for (LoopStats loop : loops) {
      for (Kind k : Kind.ALL) {
        requests += kind == null || kind == k ? loop.outcomes[k.ordinal()].total() : 0;
      }
    }
    return requests;
  }

  /** Requests of {@code kind} (null: of every kind) whose final answer was not the kind's success. */
  long errors(Kind kind) {
    long failed = 0;
    for (LoopStats loop : loops) {
      for (Kind k : Kind.ALL) {
        StatusCounts counts = loop.outcomes[k.ordinal()];
        failed += kind == null || kind == k ? counts.total() - counts.of(k.success) : 0;
      }
    }
    return failed;
  }

  long errors() {
    return errors.sum();
  }

  /** Counts by outcome: the trades' by status ("200"), the other kinds' by kind and status ("get 200"). */
  Map<String, Long> outcomes() {
    Map<String, Long> sorted = new TreeMap<>();
    for (LoopStats loop : loops) {
      for (Kind kind : Kind.ALL) {
        loop.outcomes[kind.ordinal()].addTo(sorted, kind == Kind.TRADE ? "" : kind.label + " ");
      }
    }
    return sorted;
  }

  /** Every answer by status in each second of the run ({@link StatusTimeline#merge}). */
  JsonObject answersPerSecond() {
    return StatusTimeline.merge(loops.stream().map(loop -> loop.timeline).toList());
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
