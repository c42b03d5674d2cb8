package io.playerservice.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * report.json: the run's settings, figures, checks and verdicts, in the order scripts have read
 * them since before the report grew (the headline fields first). Its schema is in loadtest.md.
 */
final class LoadReport {
  private LoadReport() {
  }

  /**
   * Everything but the comparison. {@code conservation}, {@code exactlyOnce} (null without keys)
   * and {@code service} come from the checks and the service itself.
   */
  static JsonObject summary(LoadOptions options, MeasuredRun run, JsonObject conservation, JsonObject exactlyOnce,
      JsonObject service) {
    LoadStats stats = run.stats();
    long requests = stats.requests(null);
    JsonObject report = new JsonObject()
        .put("url", options.url().toString())
        .put("model", options.openModel() ? "open" : "closed")
        .put("rate", options.rate())
        .put("connections", options.connections())
        .put("threads", options.threads())
        .put("players", options.players())
        .put("hot", options.hot())
        .put("mix", options.mix().toJson())
        .put("durationSeconds", options.durationSeconds())
        .put("warmupSeconds", options.warmupSeconds())
        .put("keys", options.keys())
        .put("startedAt", Instant.now().minusMillis(Math.round(run.seconds() * 1000)).toString())
        .put("seconds", Math.round(run.seconds() * 100) / 100.0)
        .put("trades", stats.trades())
        .put("tradesPerSecond", Math.round(stats.trades() / run.seconds()))
        .put("latencyMs", Percentiles.table(stats.latency(Kind.TRADE)))
        .put("outcomes", new JsonObject(new LinkedHashMap<>(stats.outcomes())))
        .put("cpuMicrosPerRequest", run.cpuNanos() < 0 || requests == 0 ? null
            : Math.round(run.cpuNanos() / 100.0 / requests) / 10.0)
        .put("retries", new JsonObject().put("retried", stats.retried()).put("replayed", stats.replayed()))
        .put("conservation", conservation);
    if (exactlyOnce != null) {
      report.put("exactlyOnce", exactlyOnce);
    }
    JsonArray thresholds = new JsonArray();
    options.thresholds().forEach(t -> thresholds.add(t.verdict(stats, run.seconds())));
    return report
        .put("thresholds", thresholds)
        .put("kinds", kinds(options, run))
        .put("generator", generator(options, run))
        .put("service", service)
        .put("answersPerSecond", stats.answersPerSecond())
        .put("series", stats.series());
  }

  /** Each kind the mix sends: its count, rate, failures and latencies (the curve for the percentile plot). */
  private static JsonObject kinds(LoadOptions options, MeasuredRun run) {
    JsonObject kinds = new JsonObject();
    for (Kind kind : Kind.ALL) {
      if (options.mix().has(kind)) {
        long requests = run.stats().requests(kind);
        kinds.put(kind.label, new JsonObject()
            .put("requests", requests)
            .put("perSecond", Math.round(requests / run.seconds() * 10) / 10.0)
            .put("errors", run.stats().errors(kind))
            .put("latencyMs", Percentiles.table(run.stats().latency(kind)))
            .put("percentiles", Percentiles.curve(run.stats().latency(kind))));
      }
    }
    return kinds;
  }

  private static JsonObject generator(LoadOptions options, MeasuredRun run) {
    JsonArray busy = new JsonArray();
    JsonArray onCore = new JsonArray();
    run.busy().forEach(loop -> {
      busy.add(share(loop.share()));
      onCore.add(share(loop.onCore()));
    });
    return new JsonObject()
        .put("version", version())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loops", options.threads())
        .put("loopsFollowCores", options.threadsPerCore())
        .put("loopBusy", busy)
        .put("loopOnCore", onCore)
        .put("saturatedAt", LoopBusy.SATURATED)
        .put("bottleneck", run.generatorBound())
        .put("cpuCores", run.cpuCores() < 0 ? null : run.cpuCores());
  }

  private static Double share(double share) {
    return Double.isNaN(share) ? null : Math.round(share * 1000) / 1000.0;
  }

  /** The jar's version, from its manifest ({@code dev} when run from classes). */
  static String version() {
    String version = LoadReport.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** report.json and report.html in {@code dir}. */
  static void write(JsonObject report, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.json"), report.encodePrettily());
      Files.writeString(dir.resolve("report.html"), HtmlReport.render(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir, e);
    }
  }
}
