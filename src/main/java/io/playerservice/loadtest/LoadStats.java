package io.playerservice.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the load generator measured: trade latencies (µs), outcomes, and a per-second series. */
final class LoadStats {
  /** Up to one hour, at three significant digits. */
  private static final long MAX_MICROS = 3_600_000_000L;

  private final Recorder recorder = new Recorder(MAX_MICROS, 3);
  private final Histogram total = new Histogram(MAX_MICROS, 3);
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final LongAdder errors = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final JsonArray series = new JsonArray();
  private long lastErrors;

  void trade(long micros, String outcome) {
    recorder.recordValue(Math.min(Math.max(micros, 1), MAX_MICROS));
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    if (!"200".equals(outcome)) {
      errors.increment();
    }
  }

  /** A trade that needed more than one send; {@code replay}: its final answer was a stored one. */
  void retried(boolean replay) {
    retried.increment();
    if (replay) {
      replayed.increment();
    }
  }

  long retried() {
    return retried.sum();
  }

  long replayed() {
    return replayed.sum();
  }

  void read(String outcome) {
    reads.increment();
    outcomes.computeIfAbsent("GET " + outcome, k -> new LongAdder()).increment();
  }

  /** Closes one interval: adds it to the total and the series, and returns its progress line. */
  synchronized String interval(double elapsedSeconds, double intervalSeconds) {
    Histogram interval = recorder.getIntervalHistogram();
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

  long errors() {
    return errors.sum();
  }

  Histogram histogram() {
    return total;
  }

  Map<String, Long> outcomes() {
    Map<String, Long> sorted = new TreeMap<>();
    outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
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
