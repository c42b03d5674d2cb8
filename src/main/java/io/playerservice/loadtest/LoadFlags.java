package io.playerservice.loadtest;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator's flags as picocli reads them. Numbers are taken as text and checked here,
 * so that a refusal names the option and its range ({@code --players must be an integer in
 * 2..1000000, got '1'}).
 */
public final class LoadFlags {
  @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
      description = "the running service (default ${DEFAULT-VALUE})")
  String url;

  @Option(names = "--players", paramLabel = "N", defaultValue = "1000",
      description = "players to create or reuse, 2..1000000 (default ${DEFAULT-VALUE})")
  String players;

  @Option(names = "--connections", paramLabel = "C", defaultValue = "64",
      description = "HTTP connections, 1..4096 (default ${DEFAULT-VALUE}); sqlbench: database connections")
  String connections;

  @Option(names = "--duration", paramLabel = "S", defaultValue = "10",
      description = "seconds of load, 1..86400 (default ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--rate", paramLabel = "R",
      description = "open model: R requests/s at fixed intervals, all trades unless --mix (default: closed model)")
  String rate;

  @Option(names = "--hot", paramLabel = "K", description = "trade only among K of the players, 2..N (default: all N)")
  String hot;

  @Option(names = "--mix", paramLabel = "MIX", arity = "0..1", fallbackValue = "10",
      description = "shares of the kinds of request, e.g. trade=70,get=10,list=5,count=5,ledger=5,bulk=5"
          + " (default: trades only); a bare P: P%% point reads (10 if omitted)")
  String mix;

  @Option(names = "--warmup", paramLabel = "S", defaultValue = "3",
      description = "first run the same load S seconds unmeasured, 0..3600 (default ${DEFAULT-VALUE})")
  String warmup;

  @Option(names = "--threads", paramLabel = "T",
      description = "event loops sending, 1..64, at most C (default: one per core, at most C)")
  String threads;

  @Option(names = "--threshold", paramLabel = "BOUND",
      description = "fail the run (exit 1) when a bound is crossed, e.g. 'p99<50ms', 'errors<0.1%%', 'rate>1000',"
          + " 'get.p99<10ms'; repeatable (default: errors<=0%%)")
  List<String> thresholds = new ArrayList<>();

  @Option(names = "--compare", paramLabel = "OLD",
      description = "an earlier run's report.json (or its directory): overlay its percentiles, print the ratios")
  String compare;

  @Option(names = "--hgrm", paramLabel = "FILE",
      description = "also write the trades' latency as an HdrHistogram percentile distribution (.hgrm, ms)")
  String hgrm;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "loadtest-report",
      description = "where report.json and report.html go (default ${DEFAULT-VALUE})")
  String out;

  @Option(names = "--subscribe", paramLabel = "N", defaultValue = "0",
      description = "follow the live feed with N streams during the run (one all trades, the others one player each)"
          + " and check each saw every trade of its filter exactly once, 0..10000 (default ${DEFAULT-VALUE})")
  String subscribe;

  @Option(names = "--no-keys", description = "trades without Idempotency-Key: sent once, no retry, no ledger"
      + " check (for measuring the keyless path, or a service without the ledger)")
  boolean noKeys;

  /** The options these flags give; throws {@link IllegalArgumentException} with the reason. */
  public LoadOptions options() {
    int playerCount = integer(players, "--players", 2, 1_000_000);
    int connectionCount = integer(connections, "--connections", 1, 4096);
    Integer hotCount = hot == null ? null : integer(hot, "--hot", 2, 1_000_000);
    // Like wrk's threads: one sending loop per core, so the generator is not held to one core.
    int threadCount = threads == null ? Math.min(Math.min(Runtime.getRuntime().availableProcessors(), 64),
        connectionCount) : integer(threads, "--threads", 1, 64);
    if (hotCount != null && hotCount > playerCount) {
      throw new IllegalArgumentException("--hot " + hotCount + " is more than --players " + playerCount);
    }
    if (threadCount > connectionCount) {
      throw new IllegalArgumentException("--threads " + threadCount + " is more than --connections " + connectionCount);
    }
    Mix kinds = mix == null ? Mix.allTrades() : Mix.parse(mix);
    return new LoadOptions(url(url), playerCount, connectionCount, integer(duration, "--duration", 1, 86_400),
        rate == null ? 0 : integer(rate, "--rate", 1, 10_000_000), hotCount == null ? playerCount : hotCount, kinds,
        integer(warmup, "--warmup", 0, 3600), Path.of(out), !noKeys, threadCount, threads == null,
        thresholds(kinds), compare == null ? null : Comparison.read(compare), hgrm == null ? null : Path.of(hgrm),
        integer(subscribe, "--subscribe", 0, 10_000));
  }

  /** The bounds given, or {@link Threshold#NO_ERRORS} with them when none is about errors over all requests. */
  private List<Threshold> thresholds(Mix kinds) {
    List<Threshold> parsed = new ArrayList<>();
    for (String text : thresholds) {
      Threshold threshold = Threshold.parse(text);
      // A bare latency or rate is the trades'; a bare error share is every request's.
      Kind about = threshold.kind() != null ? threshold.kind() : threshold.metric().equals("errors") ? null : Kind.TRADE;
      if (about != null && !kinds.has(about)) {
        throw new IllegalArgumentException("--threshold '" + text + "': the --mix sends no " + about.label);
      }
      parsed.add(threshold);
    }
    if (parsed.stream().noneMatch(t -> t.kind() == null && t.metric().equals("errors"))) {
      parsed.add(Threshold.NO_ERRORS);
    }
    return List.copyOf(parsed);
  }

  private static int integer(String text, String option, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new IllegalArgumentException(option + " must be an integer in " + min + ".." + max + ", got '" + text + "'");
  }

  private static URI url(String text) {
    try {
      URI uri = URI.create(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException("--url must be an http:// or https:// URL with a host, got '" + text + "'");
  }
}
