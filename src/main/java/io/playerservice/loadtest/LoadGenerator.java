package io.playerservice.loadtest;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running service with concurrent trades over HTTP, then checks the books and writes the
 * report. Setup and the final checks block {@code main}'s thread and use a WebClient; the load
 * itself runs on {@link LoadLoops}, one per {@code --threads}, each on its own event loop.
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

  /** Runs the whole test; returns the exit status (0: no failed request and the books balance). */
  public int run() {
    LoadPlayers players = new LoadPlayers(http);
    out.printf("preparing %d players at %s%n", options.players(), options.url());
    players.ensure(options.players());

    out.printf("%s model, %d connections on %d event loop%s, %d s, trading among %d players%s%n",
        options.openModel() ? "open (" + options.rate() + " trades/s)" : "closed", options.connections(),
        options.threads(), options.threads() == 1 ? "" : "s", options.durationSeconds(), options.hot(),
        options.mixPercent() > 0 ? ", " + options.mixPercent() + "% GETs" : "");
    try (LoadLoops loops = new LoadLoops(vertx, options)) {
      loops.deploy();
      return measure(loops, players);
    }
  }

  private int measure(LoadLoops loops, LoadPlayers players) {
    if (options.warmupSeconds() > 0) {
      out.printf("warming up for %d s (not measured)%n", options.warmupSeconds());
      for (int left = options.warmupSeconds(); left > 0; left -= WARMUP_ROUND_SECONDS) {
        run(loops, players, Math.min(left, WARMUP_ROUND_SECONDS), false);
      }
    }
    Run measured = run(loops, players, options.durationSeconds(), true);
    LoadStats stats = measured.stats();
    ExactlyOnceCheck exactlyOnce = measured.exactlyOnce();

    Map<String, long[]> balances = players.balances();
    long[] before = LoadPlayers.sums(exactlyOnce.before());
    long[] after = LoadPlayers.sums(balances);
    boolean balanced = before[0] == after[0] && before[1] == after[1];
    JsonObject report = LoadReport.summary(options, stats, measured.seconds(), measured.cpuNanos(), before, after);
    boolean exact = true;
    if (options.keys()) {
      JsonObject ledger = exactlyOnce.verify(balances);
      report.put("exactlyOnce", ledger);
      exact = ledger.getBoolean("ok");
    }
    LoadReport.print(report, out);
    LoadReport.write(report, stats, options.out());
    out.printf("report: %s, %s%n", options.out().resolve("report.json"), options.out().resolve("report.html"));
    return balanced && exact && stats.errors() == 0 ? 0 : 1;
  }

  /**
   * One run: the books read for the checks, then the load with a tick a second ({@code print}:
   * printed as progress). Stats and check are new each run, the check with a run id of its own, so
   * that only the measured run's trades count.
   */
  private Run run(LoadLoops loops, LoadPlayers players, int seconds, boolean print) {
    LoadStats stats = new LoadStats(options.threads());
    ExactlyOnceCheck exactlyOnce = new ExactlyOnceCheck(options.threads());
    exactlyOnce.start(players, http, options.keys());
    long cpuStart = cpuNanos();
    long start = System.nanoTime();
    AtomicLong lastTick = new AtomicLong(start);
    long ticker = vertx.setPeriodic(1000, id -> {
      String line = tick(stats, start, lastTick);
      if (print) {
        out.println(line);
      }
    });
    loops.drive(seconds, stats, exactlyOnce).await();
    vertx.cancelTimer(ticker);
    long cpu = cpuStart < 0 ? -1 : cpuNanos() - cpuStart;
    boolean sizeable = System.nanoTime() - lastTick.get() > 250_000_000L;
    String remainder = tick(stats, start, lastTick); // always counted; printed unless a sliver
    if (print && sizeable) {
      out.println(remainder);
    }
    return new Run(stats, exactlyOnce, (System.nanoTime() - start) / 1e9, cpu);
  }

  /** {@code cpuNanos}: what this process used during the load; -1 when unknown. */
  private record Run(LoadStats stats, ExactlyOnceCheck exactlyOnce, double seconds, long cpuNanos) {
  }

  private static String tick(LoadStats stats, long start, AtomicLong lastTick) {
    long now = System.nanoTime();
    return stats.interval((now - start) / 1e9, (now - lastTick.getAndSet(now)) / 1e9);
  }

  /**
   * The CPU time this whole process has used (every thread: event loops, GC, JIT), in ns; -1
   * where the JVM cannot tell. Over the measured window it is the generator's own cost, when the
   * generator runs alone in its JVM as the {@code loadtest} command does.
   */
  private static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static int port(LoadOptions options) {
    int port = options.url().getPort();
    return port > 0 ? port : "https".equals(options.url().getScheme()) ? 443 : 80;
  }
}
