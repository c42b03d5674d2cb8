package io.playerservice.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The load generator's options, checked strictly: anything it cannot honour is refused with a
 * message, never guessed at.
 *
 * @param rate trades per second in the open model; 0 for the closed model (each connection
 *     sends its next request when the last one answers)
 * @param hot trade only among the first {@code hot} players; equal to {@code players} by default
 * @param mixPercent the share of requests that are {@code GET /players/{id}} instead of trades
 * @param warmupSeconds load run first and not measured, so that a fresh JVM's JIT compilation
 *     (the generator's own included) does not land in the percentiles
 * @param keys send each trade with an Idempotency-Key, retry it with the key, and check the
 *     ledger at the end; off, trades go once without a key and only the sums are checked
 * @param threads event loops the connections are spread over, each with an HTTP client of its own
 */
public record LoadOptions(URI url, int players, int connections, int durationSeconds, int rate,
    int hot, int mixPercent, int warmupSeconds, Path out, boolean keys, int threads) {

  public static final String USAGE = """
      usage: java -jar player-service.jar loadtest [options]
        --url URL          the running service (default http://localhost:8080)
        --players N        players to create or reuse, 2..1000000 (default 1000)
        --connections C    HTTP connections, 1..4096 (default 64)
        --duration S       seconds of load, 1..86400 (default 10)
        --rate R           open model: R trades/s at fixed intervals (default: closed model)
        --hot K            trade only among K of the players, 2..N (default: all N)
        --mix [P]          make P% of requests GET /players/{id} (P 0..100; 10 if omitted)
        --warmup S         first run the same load S seconds unmeasured, 0..3600 (default 0)
        --threads T        event loops sending, 1..64, at most C (default 1)
        --out DIR          where report.json and report.html go (default loadtest-report)
        --no-keys          trades without Idempotency-Key: sent once, no retry, no ledger check
                           (for measuring the keyless path, or a service without the ledger)""";

  /** Parses {@code args}; throws {@link IllegalArgumentException} with the reason. */
  public static LoadOptions parse(List<String> args) {
    URI url = URI.create("http://localhost:8080");
    int players = 1000;
    int connections = 64;
    int duration = 10;
    int rate = 0;
    Integer hot = null;
    int mix = 0;
    int warmup = 0;
    Path out = Path.of("loadtest-report");
    boolean keys = true;
    int threads = 1;
    Deque<String> rest = new ArrayDeque<>(args);
    while (!rest.isEmpty()) {
      String option = rest.pop();
      switch (option) {
        case "--url" -> url = url(value(rest, option));
        case "--players" -> players = integer(rest, option, 2, 1_000_000);
        case "--connections" -> connections = integer(rest, option, 1, 4096);
        case "--duration" -> duration = integer(rest, option, 1, 86_400);
        case "--rate" -> rate = integer(rest, option, 1, 10_000_000);
        case "--hot" -> hot = integer(rest, option, 2, 1_000_000);
        case "--mix" -> mix = rest.isEmpty() || rest.peek().startsWith("--") ? 10 : integer(rest, option, 0, 100);
        case "--warmup" -> warmup = integer(rest, option, 0, 3600);
        case "--out" -> out = Path.of(value(rest, option));
        case "--no-keys" -> keys = false;
        case "--threads" -> threads = integer(rest, option, 1, 64);
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    if (hot != null && hot > players) {
      throw new IllegalArgumentException("--hot " + hot + " is more than --players " + players);
    }
    if (threads > connections) {
      throw new IllegalArgumentException("--threads " + threads + " is more than --connections " + connections);
    }
    return new LoadOptions(url, players, connections, duration, rate, hot == null ? players : hot, mix, warmup,
        out, keys, threads);
  }

  boolean openModel() {
    return rate > 0;
  }

  private static String value(Deque<String> rest, String option) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return rest.pop();
  }

  private static int integer(Deque<String> rest, String option, int min, int max) {
    String text = value(rest, option);
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
