package io.playerservice.loadtest;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;

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
      description = "open model: R trades/s at fixed intervals (default: closed model)")
  String rate;

  @Option(names = "--hot", paramLabel = "K", description = "trade only among K of the players, 2..N (default: all N)")
  String hot;

  @Option(names = "--mix", paramLabel = "P", arity = "0..1", fallbackValue = "10", defaultValue = "0",
      description = "make P%% of requests GET /players/{id} (P 0..100; 10 if omitted)")
  String mix;

  @Option(names = "--warmup", paramLabel = "S", defaultValue = "0",
      description = "first run the same load S seconds unmeasured, 0..3600 (default ${DEFAULT-VALUE})")
  String warmup;

  @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
      description = "event loops sending, 1..64, at most C (default ${DEFAULT-VALUE})")
  String threads;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "loadtest-report",
      description = "where report.json and report.html go (default ${DEFAULT-VALUE})")
  String out;

  @Option(names = "--no-keys", description = "trades without Idempotency-Key: sent once, no retry, no ledger"
      + " check (for measuring the keyless path, or a service without the ledger)")
  boolean noKeys;

  /** The options these flags give; throws {@link IllegalArgumentException} with the reason. */
  public LoadOptions options() {
    int playerCount = integer(players, "--players", 2, 1_000_000);
    int connectionCount = integer(connections, "--connections", 1, 4096);
    Integer hotCount = hot == null ? null : integer(hot, "--hot", 2, 1_000_000);
    int threadCount = integer(threads, "--threads", 1, 64);
    LoadOptions options = new LoadOptions(url(url), playerCount, connectionCount,
        integer(duration, "--duration", 1, 86_400), rate == null ? 0 : integer(rate, "--rate", 1, 10_000_000),
        hotCount == null ? playerCount : hotCount, integer(mix, "--mix", 0, 100), integer(warmup, "--warmup", 0, 3600),
        Path.of(out), !noKeys, threadCount);
    if (hotCount != null && hotCount > playerCount) {
      throw new IllegalArgumentException("--hot " + hotCount + " is more than --players " + playerCount);
    }
    if (threadCount > connectionCount) {
      throw new IllegalArgumentException("--threads " + threadCount + " is more than --connections " + connectionCount);
    }
    return options;
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
