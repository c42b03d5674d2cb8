package io.playerservice.loadtest;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An earlier run to compare with ({@code --compare OLD}): its report.json, read when the options
 * are, so that a wrong path stops the command before the load rather than after it.
 */
final class Comparison {
  /** What the ratios are of, as report.json names them; the percentiles are the trades'. */
  private static final String[] LATENCIES = {"p50", "p99", "p99.9"};

  private final Path file;
  private final JsonObject old;

  private Comparison(Path file, JsonObject old) {
    this.file = file;
    this.old = old;
  }

  /** The report at {@code path}, a report.json or the directory holding one. */
  static Comparison read(String path) {
    Path file = Files.isDirectory(Path.of(path)) ? Path.of(path, "report.json") : Path.of(path);
    JsonObject old;
    try {
      old = new JsonObject(Files.readString(file));
    } catch (IOException | DecodeException e) {
      throw new IllegalArgumentException("--compare " + path + ": cannot read a report.json there ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    JsonObject latency = old.getValue("latencyMs") instanceof JsonObject l ? l : new JsonObject();
    for (String field : LATENCIES) {
      if (!(latency.getValue(field) instanceof Number) || !(old.getValue("tradesPerSecond") instanceof Number)) {
        throw new IllegalArgumentException("--compare " + path + ": not a loadtest report.json"
            + " (no tradesPerSecond or latencyMs." + field + ")");
      }
    }
    return new Comparison(file, old);
  }

  /**
   * The ratios new/old of throughput and the trades' p50, p99 and p99.9, with the old run's
   * figures and percentile curves for the report to overlay (an older report may have none).
   */
  JsonObject against(JsonObject summary) {
    JsonObject ratios = new JsonObject().put("tradesPerSecond",
        ratio(summary.getDouble("tradesPerSecond"), old.getDouble("tradesPerSecond")));
    for (String field : LATENCIES) {
      ratios.put(field, ratio(summary.getJsonObject("latencyMs").getDouble(field),
          old.getJsonObject("latencyMs").getDouble(field)));
    }
    JsonObject kinds = old.getJsonObject("kinds", new JsonObject());
    JsonObject curves = new JsonObject();
    kinds.forEach(e -> {
      if (e.getValue() instanceof JsonObject kind && kind.getValue("percentiles") != null) {
        curves.put(e.getKey(), kind.getValue("percentiles"));
      }
    });
    return new JsonObject().put("file", file.toString()).put("ratios", ratios)
        .put("old", new JsonObject().put("tradesPerSecond", old.getValue("tradesPerSecond"))
            .put("latencyMs", old.getJsonObject("latencyMs")).put("percentiles", curves)
            .put("startedAt", old.getValue("startedAt")));
  }

  static void print(JsonObject compared, PrintStream out) {
    JsonObject r = compared.getJsonObject("ratios");
    out.printf("compared with %s (new/old): throughput %s, p50 %s, p99 %s, p99.9 %s%n", compared.getString("file"),
        text(r.getValue("tradesPerSecond")), text(r.getValue("p50")), text(r.getValue("p99")),
        text(r.getValue("p99.9")));
    if (compared.getJsonObject("old").getJsonObject("percentiles").isEmpty()) {
      out.println("(the old report has no percentile curve to overlay: written by an older loadtest)");
    }
  }

  /** new/old to 3 decimals; null when old is 0 (no ratio to give). */
  private static Double ratio(double now, double before) {
    return before == 0 ? null : Math.round(now / before * 1000) / 1000.0;
  }

  private static String text(Object ratio) {
    return ratio == null ? "n/a" : String.format("%.3f", ((Number) ratio).doubleValue());
  }
}
