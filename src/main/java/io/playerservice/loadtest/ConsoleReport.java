package io.playerservice.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;

/** The end of a load test on the terminal: the figures, the generator's own load, the checks, the verdicts. */
final class ConsoleReport {
  private ConsoleReport() {
  }

  static void print(JsonObject report, PrintStream out) {
    JsonObject latency = report.getJsonObject("latencyMs");
    out.printf("trades: %d in %.1f s = %d trades/s%n", report.getLong("trades"), report.getDouble("seconds"),
        report.getLong("tradesPerSecond"));
    out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", latency.getDouble("p50"),
        latency.getDouble("p90"), latency.getDouble("p99"), latency.getDouble("p99.9"), latency.getDouble("max"));
    JsonObject kinds = report.getJsonObject("kinds");
    if (kinds.size() > 1) {
      out.printf("%-8s %10s %10s %8s %9s %9s %9s%n", "kind", "requests", "per s", "errors", "p50 ms", "p99 ms",
          "max ms");
      kinds.forEach(e -> {
        JsonObject kind = (JsonObject) e.getValue();
        JsonObject ms = kind.getJsonObject("latencyMs");
        out.printf("%-8s %10d %10.1f %8d %9.2f %9.2f %9.2f%n", e.getKey(), kind.getLong("requests"),
            kind.getDouble("perSecond"), kind.getLong("errors"), ms.getDouble("p50"), ms.getDouble("p99"),
            ms.getDouble("max"));
      });
    }
    out.println("outcomes: " + report.getJsonObject("outcomes").encode());
    generator(report, out);
    books(report, out);
    thresholds(report.getJsonArray("thresholds"), out);
  }

  /** The generator's CPU, and whether it, not the service, was the limit. */
  private static void generator(JsonObject report, PrintStream out) {
    if (report.getValue("cpuMicrosPerRequest") != null) {
      out.printf("load generator CPU: %.1f µs per request (this process, measured window)%n",
          report.getDouble("cpuMicrosPerRequest"));
    }
    JsonObject generator = report.getJsonObject("generator");
    out.printf("generator: %d sending loop%s busy %s of their sending time (on a core %s, the rest waiting for"
            + " one)%s: %s%n", generator.getInteger("loops"), generator.getInteger("loops") == 1 ? "" : "s",
        percents(generator.getJsonArray("loopBusy")), percents(generator.getJsonArray("loopOnCore")),
        generator.getValue("cpuCores") == null ? "" : "; process CPU " + generator.getValue("cpuCores") + " cores",
        generator.getBoolean("bottleneck")
            ? "THE GENERATOR WAS THE BOTTLENECK (a loop busy " + Math.round(LoopBusy.SATURATED * 100)
                + "% or more): these figures are its limit, not the service's; give it more --threads, or cores"
                + " of its own if its loops mostly waited for one"
            : "not the bottleneck");
  }

  private static String percents(JsonArray shares) {
    StringBuilder text = new StringBuilder();
    shares.forEach(share -> text.append(text.isEmpty() ? "" : ", ")
        .append(share == null ? "?" : Math.round(((Number) share).doubleValue() * 100) + "%"));
    return text.toString();
  }

  private static void books(JsonObject report, PrintStream out) {
    JsonObject books = report.getJsonObject("conservation");
    out.printf("conservation: coins %d -> %d, goods %d -> %d: %s%n", books.getLong("coinsBefore"),
        books.getLong("coinsAfter"), books.getLong("goodsBefore"), books.getLong("goodsAfter"),
        books.getBoolean("tradersOk") ? "OK" : "VIOLATED");
    JsonObject bulk = books.getJsonObject("bulkCreates");
    if (bulk != null) {
      out.printf("bulk creates: %d answered 201 (%d players expected), %d unresolved; %d players found with"
              + " %d coins and %d goods; %d missing, %d wrong: %s%n", bulk.getLong("answered201"),
          bulk.getLong("playersExpected"), bulk.getLong("unresolved"), bulk.getLong("playersFound"),
          bulk.getLong("coinsAdded"), bulk.getLong("goodsAdded"), bulk.getLong("missing"), bulk.getLong("wrong"),
          bulk.getBoolean("ok") ? "OK" : "VIOLATED");
    }
    JsonObject once = report.getJsonObject("exactlyOnce");
    if (once == null) {
      return; // --no-keys: trades went once, without keys
    }
    JsonObject retries = report.getJsonObject("retries");
    out.printf("retries: %d requests were sent again with their Idempotency-Key; %d of those got a replayed answer%n",
        retries.getLong("retried"), retries.getLong("replayed"));
    out.printf("exactly once: %d keys answered 200, %d ledger rows of this run; %d missing, %d duplicated, "
            + "%d for keys not answered 200; %d keys unresolved; %d players off their ledger: %s%n",
        once.getLong("answered200"), once.getLong("ledgerRows"), once.getLong("missing"),
        once.getLong("duplicated"), once.getLong("unexpected"), once.getLong("unresolved"),
        once.getLong("playersNotMatchingLedger"), once.getBoolean("ok") ? "OK" : "VIOLATED");
  }

  /** One line per bound; each crossed one says so on its own line, for a CI log to show. */
  private static void thresholds(JsonArray thresholds, PrintStream out) {
    for (Object item : thresholds) {
      JsonObject verdict = (JsonObject) item;
      out.printf("threshold %s: %s (measured %s %s)%s%n", verdict.getString("threshold"),
          verdict.getBoolean("ok") ? "kept" : "CROSSED", value(verdict), verdict.getString("unit"),
          verdict.getBoolean("implicit") ? ", the default: no request may fail" : "");
    }
  }

  private static String value(JsonObject verdict) {
    double value = verdict.getDouble("value");
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.3f", value);
  }
}
