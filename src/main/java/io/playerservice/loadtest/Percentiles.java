package io.playerservice.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A histogram's latencies by percentile: the report's table and curve, and the .hgrm export. */
final class Percentiles {
  /** HdrHistogram's own default for its percentile output: five steps per halving of what is left. */
  private static final int TICKS_PER_HALF_DISTANCE = 5;
  /** The histograms hold µs; the curve and the .hgrm give ms, as HdrHistogram's plotter shows them. */
  private static final double MICROS_PER_MS = 1000.0;

  private Percentiles() {
  }

  /** p50, p90, p99, p99.9, max and the mean, in ms. */
  static JsonObject table(Histogram h) {
    return new JsonObject()
        .put("p50", LoadStats.ms(h.getValueAtPercentile(50)))
        .put("p90", LoadStats.ms(h.getValueAtPercentile(90)))
        .put("p99", LoadStats.ms(h.getValueAtPercentile(99)))
        .put("p99.9", LoadStats.ms(h.getValueAtPercentile(99.9)))
        .put("max", LoadStats.ms(h.getMaxValue()))
        .put("mean", LoadStats.ms(Math.round(h.getMean())));
  }

  /**
   * {@code [[percentile, ms], ...]} at HdrHistogram's percentile steps. 100% has no place on a
   * 1/(1-p) axis, so the max stands at 1 - 1/count, the finest percentile the run can resolve.
   */
  static JsonArray curve(Histogram h) {
    JsonArray points = new JsonArray();
    if (h.getTotalCount() == 0) {
      return points;
    }
    double last = -1;
    for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
      double percentile = v.getPercentileLevelIteratedTo();
      if (percentile >= 100) {
        break;
      }
      points.add(new JsonArray().add(round(percentile)).add(h.highestEquivalentValue(v.getValueIteratedTo())
          / MICROS_PER_MS));
      last = percentile;
    }
    double top = 100.0 * (1 - 1.0 / h.getTotalCount());
    if (top > last) {
      points.add(new JsonArray().add(round(top)).add(h.getMaxValue() / MICROS_PER_MS));
    }
    return points;
  }

  /** Writes {@code h} as HdrHistogram's percentile distribution, in ms ({@code outputPercentileDistribution}). */
  static void writeHgrm(Histogram h, Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "UTF-8")) {
        h.outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, MICROS_PER_MS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Percentiles as fine as a run of millions resolves. */
  private static double round(double percentile) {
    return Math.round(percentile * 1e7) / 1e7;
  }
}
