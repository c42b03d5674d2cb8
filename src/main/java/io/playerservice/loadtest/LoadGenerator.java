package io.playerservice.loadtest;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running service with a mix of requests over HTTP, then checks the books, judges the
 * thresholds and writes the report. Setup and the final checks block {@code main}'s thread and
 * use a WebClient; the load itself runs on {@link LoadLoops}, one per {@code --threads}, each on
 * its own event loop.
 */
public final class LoadGenerator {
  /**
   * The warm-up runs in rounds of at most this long, each the whole cycle of the measured run (the
   * books read, the load, its ticks, its end), so the JIT's profiles hold all of it and the hot
   * path is not recompiled inside the measured run.
   */
  private static final int WARMUP_ROUND_SECONDS = 5;

  private final Vertx vertx;
  private final LoadOptions options;
  private final PrintStream out;
  private final WebClient http;

  public LoadGenerator(Vertx vertx, LoadOptions options, PrintStream out) {
    this.vertx = vertx;
    this.options = options;
    this.out = out;
    this.http = WebClient.create(vertx, new WebClientOptions()
            .setDefaultHost(options.url().getHost())
            .setDefaultPort(port(options))
            .setSsl("https".equals(options.url().getScheme())),
        new PoolOptions().setHttp1MaxSize(options.connections()));
  }

  /**
   * Runs the whole test; returns the exit status: 0 when the books balance, every trade happened
   * exactly once and every threshold held (by default: no request failed), else 1.
   */
  public int run() {
    LoadPlayers players = new LoadPlayers(http);
    out.printf("preparing %d players at %s%n", options.players(), options.url());
    players.ensure(options.players());
    JsonObject service = ServiceVersion.of(http, options.url());

    out.printf("%s model, %d connections on %d sending event loop%s%s, %d s, trading among %d players%n",
        options.openModel() ? "open (" + options.rate() + " requests/s)" : "closed", options.connections(),
        options.threads(), options.threads() == 1 ? "" : "s",
        options.threadsPerCore() ? " (one per core, as wrk's threads; --threads to change)" : "",
        options.durationSeconds(), options.hot());
    if (!options.mix().tradesOnly()) {
      out.println("mix: " + options.mix());
    }
    try (LoadLoops loops = new LoadLoops(vertx, options)) {
      loops.deploy();
      return measure(loops, players, service);
    }
  }

  private int measure(LoadLoops loops, LoadPlayers players, JsonObject service) {
    if (options.warmupSeconds() > 0) {
      out.printf("warming up for %d s (not measured; --warmup 0 skips it)%n", options.warmupSeconds());
      for (int left = options.warmupSeconds(); left > 0; left -= WARMUP_ROUND_SECONDS) {
        run(loops, players, Math.min(left, WARMUP_ROUND_SECONDS), false);
      }
    } else {
      out.println("no warm-up (--warmup 0): a cold JVM's first seconds are measured");
    }
    FeedSubscribers feed = options.subscribers() == 0 ? null
        : FeedSubscribers.open(vertx, options.url(), options.subscribers(), options.hot());
    MeasuredRun run = run(loops, players, options.durationSeconds(), true);
    Books books = Books.check(run, players, http, options);
    JsonObject report = LoadReport.summary(options, run, books.conservation(), books.exactlyOnce(), service);
    boolean fed = feed == null || FeedCheck.report(feed, vertx, options.url(), report, out);
    if (options.compare() != null) {
      report.put("compare", options.compare().against(report));
    }
    ConsoleReport.print(report, out);
    if (options.compare() != null) {
      Comparison.print(report.getJsonObject("compare"), out);
    }
    LoadReport.write(report, options.out());
    out.printf("report: %s, %s%n", options.out().resolve("report.json"), options.out().resolve("report.html"));
    if (options.hgrm() != null) {
      Percentiles.writeHgrm(run.stats().latency(Kind.TRADE), options.hgrm());
      out.printf("percentile distribution of the trades (ms): %s%n", options.hgrm());
    }
    boolean kept = report.getJsonArray("thresholds").stream().allMatch(t -> ((JsonObject) t).getBoolean("ok"));
    return books.ok() && kept && fed ? 0 : 1;
  }

  /**
   * One run: the books read for the checks, then the load with a tick a second ({@code print}:
   * printed as progress). Stats and checks are new each run, with run ids of their own, so that
   * only the measured run's requests count.
   */
  private MeasuredRun run(LoadLoops loops, LoadPlayers players, int seconds, boolean print) {
    LoadStats stats = new LoadStats(options.threads(), options.mix());
    ExactlyOnceCheck exactlyOnce = new ExactlyOnceCheck(options.threads());
    BulkCheck bulk = new BulkCheck(options.threads());
    exactlyOnce.start(players, http, options.keys());
    long cpuStart = cpuNanos();
    long start = System.nanoTime();
    AtomicLong lastTick = new AtomicLong(start);
    long ticker = vertx.setPeriodic(1000, id -> {
      String line = tick(stats, start, lastTick, false);
      if (print) {
        out.println(line);
      }
    });
    loops.drive(seconds, stats, exactlyOnce, bulk).await();
    vertx.cancelTimer(ticker);
    long cpu = cpuStart < 0 ? -1 : cpuNanos() - cpuStart;
    boolean sizeable = System.nanoTime() - lastTick.get() > 250_000_000L;
    String remainder = tick(stats, start, lastTick, !sizeable); // always counted; shown unless a sliver
    if (print && sizeable) {
      out.println(remainder);
    }
    return new MeasuredRun(stats, exactlyOnce, bulk, (System.nanoTime() - start) / 1e9, cpu, loops.busy());
  }

  private static String tick(LoadStats stats, long start, AtomicLong lastTick, boolean sliver) {
    long now = System.nanoTime();
    return stats.interval((now - start) / 1e9, (now - lastTick.getAndSet(now)) / 1e9, sliver);
  }

  /**
   * The CPU time this whole process has used (every thread: event loops, GC, JIT), in ns; -1
   * where the JVM cannot tell. Over the measured window it is the generator's own cost, when the
   * generator runs alone in its JVM as the {@code loadtest} command does.
   */
  static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static int port(LoadOptions options) {
    int port = options.url().getPort();
    return port > 0 ? port : "https".equals(options.url().getScheme()) ? 443 : 80;
  }
}
