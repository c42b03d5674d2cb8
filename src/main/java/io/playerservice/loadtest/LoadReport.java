package io.playerservice.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.function.ToDoubleFunction;

/** The end of a load test: a summary on the terminal, report.json, and report.html with charts. */
final class LoadReport {
  private static final double[] PERCENTILES = {50, 90, 99, 99.9};

  private LoadReport() {
  }

  /** {@code cpuNanos}: the process's CPU time over the measured {@code seconds}; -1: unknown. */
  static JsonObject summary(LoadOptions options, LoadStats stats, double seconds, long cpuNanos, long[] before,
      long[] after) {
    Histogram h = stats.histogram();
    JsonObject latency = new JsonObject();
    for (double p : PERCENTILES) {
      latency.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)),
          LoadStats.ms(h.getValueAtPercentile(p)));
    }
    latency.put("max", LoadStats.ms(h.getMaxValue()));
    long requests = stats.requests();
    return new JsonObject()
        .put("url", options.url().toString())
        .put("model", options.openModel() ? "open" : "closed")
        .put("rate", options.rate())
        .put("connections", options.connections())
        .put("threads", options.threads())
        .put("players", options.players())
        .put("hot", options.hot())
        .put("mixPercent", options.mixPercent())
        .put("seconds", Math.round(seconds * 100) / 100.0)
        .put("trades", stats.trades())
        .put("tradesPerSecond", Math.round(stats.trades() / seconds))
        .put("latencyMs", latency)
        .put("outcomes", new JsonObject(new LinkedHashMap<>(stats.outcomes())))
        .put("cpuMicrosPerRequest", cpuNanos < 0 || requests == 0 ? null : Math.round(cpuNanos / 100.0 / requests) / 10.0)
        .put("retries", new JsonObject().put("tradesRetried", stats.retried()).put("replayed", stats.replayed()))
        .put("conservation", new JsonObject()
            .put("coinsBefore", before[0]).put("coinsAfter", after[0])
            .put("goodsBefore", before[1]).put("goodsAfter", after[1])
            .put("ok", before[0] == after[0] && before[1] == after[1]))
        .put("series", stats.series());
  }

  static void print(JsonObject summary, PrintStream out) {
    JsonObject latency = summary.getJsonObject("latencyMs");
    JsonObject books = summary.getJsonObject("conservation");
    out.printf("trades: %d in %.1f s = %d trades/s%n", summary.getLong("trades"), summary.getDouble("seconds"),
        summary.getLong("tradesPerSecond"));
    out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", latency.getDouble("p50"),
        latency.getDouble("p90"), latency.getDouble("p99"), latency.getDouble("p99.9"), latency.getDouble("max"));
    out.println("outcomes: " + summary.getJsonObject("outcomes").encode());
    if (summary.getValue("cpuMicrosPerRequest") != null) {
      out.printf("load generator CPU: %.1f µs per request (this process, measured window)%n",
          summary.getDouble("cpuMicrosPerRequest"));
    }
    out.printf("conservation: coins %d -> %d, goods %d -> %d: %s%n", books.getLong("coinsBefore"),
        books.getLong("coinsAfter"), books.getLong("goodsBefore"), books.getLong("goodsAfter"),
        books.getBoolean("ok") ? "OK" : "VIOLATED");
    JsonObject once = summary.getJsonObject("exactlyOnce");
    if (once == null) {
      return; // --no-keys: trades went once, without keys
    }
    JsonObject retries = summary.getJsonObject("retries");
    out.printf("retries: %d trades were sent again with their Idempotency-Key; %d of those got a replayed answer%n",
        retries.getLong("tradesRetried"), retries.getLong("replayed"));
    out.printf("exactly once: %d keys answered 200, %d ledger rows of this run; %d missing, %d duplicated, "
            + "%d for keys not answered 200; %d keys unresolved; %d players off their ledger: %s%n",
        once.getLong("answered200"), once.getLong("ledgerRows"), once.getLong("missing"),
        once.getLong("duplicated"), once.getLong("unexpected"), once.getLong("unresolved"),
        once.getLong("playersNotMatchingLedger"), once.getBoolean("ok") ? "OK" : "VIOLATED");
  }

  static void write(JsonObject summary, LoadStats stats, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.json"), summary.encodePrettily());
      Files.writeString(dir.resolve("report.html"), html(summary, stats.series()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir, e);
    }
  }

  private static String html(JsonObject summary, JsonArray series) {
    JsonObject latency = summary.getJsonObject("latencyMs");
    StringBuilder rows = new StringBuilder();
    latency.forEach(e -> rows.append("<tr><td>").append(e.getKey()).append("</td><td>")
        .append(e.getValue()).append(" ms</td></tr>"));
    return """
        <!doctype html><html><head><meta charset="utf-8"><title>player-service load test</title>
        <style>body{font-family:sans-serif;margin:2em}td{padding:0 1em}svg{border:1px solid #ccc}</style>
        </head><body><h1>player-service load test</h1>
        <p>%s model, %d connections, %d trades in %.1f s = <b>%d trades/s</b>; outcomes %s; conservation %s</p>
        <h2>Latency percentiles (whole run)</h2><table>%s</table>
        <h2>Throughput over time (trades/s)</h2>%s
        <h2>Latency over time (ms): p50 blue, p99 red</h2>%s
        </body></html>
        """.formatted(summary.getString("model"), summary.getInteger("connections"), summary.getLong("trades"),
        summary.getDouble("seconds"), summary.getLong("tradesPerSecond"),
        summary.getJsonObject("outcomes").encode(),
        summary.getJsonObject("conservation").getBoolean("ok") ? "OK" : "VIOLATED", rows,
        chart(series, new String[] {"#2a7"}, p -> p.getDouble("tradesPerSecond")),
        chart(series, new String[] {"#27c", "#c33"}, p -> p.getDouble("p50Ms"), p -> p.getDouble("p99Ms")));
  }

  /** A plain SVG line chart of the series, one line per value, y from 0 to the largest value. */
  @SafeVarargs
  private static String chart(JsonArray series, String[] colors, ToDoubleFunction<JsonObject>... values) {
    int width = 720;
    int height = 240;
    double maxT = Math.max(1, series.isEmpty() ? 1 : series.getJsonObject(series.size() - 1).getDouble("t"));
    double maxY = 1e-9;
    for (Object o : series) {
      for (ToDoubleFunction<JsonObject> v : values) {
        maxY = Math.max(maxY, v.applyAsDouble((JsonObject) o));
      }
    }
    StringBuilder svg = new StringBuilder("<svg width=\"" + (width + 80) + "\" height=\"" + (height + 40) + "\">");
    svg.append(String.format("<text x=\"0\" y=\"14\">%.1f</text><text x=\"0\" y=\"%d\">0</text>", maxY, height + 10));
    svg.append(String.format("<text x=\"%d\" y=\"%d\">%.0f s</text>", width + 20, height + 30, maxT));
    for (int i = 0; i < values.length; i++) {
      svg.append("<polyline fill=\"none\" stroke=\"").append(colors[i]).append("\" stroke-width=\"2\" points=\"");
      for (Object o : series) {
        JsonObject point = (JsonObject) o;
        double x = 60 + point.getDouble("t") / maxT * width;
        double y = 10 + height - values[i].applyAsDouble(point) / maxY * height;
        svg.append(String.format("%.1f,%.1f ", x, y));
      }
      svg.append("\"/>");
    }
    return svg.append("</svg>").toString();
  }
}
