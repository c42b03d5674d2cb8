package io.playerservice.loadtest;

import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The load generator's options, checked strictly ({@link LoadFlags}): anything it cannot honour
 * is refused with a message, never guessed at.
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

  /**
   * Reads {@code args} as the {@code loadtest} command does (picocli, {@link LoadFlags}); throws
   * {@link IllegalArgumentException} with the reason.
   */
  public static LoadOptions parse(List<String> args) {
    LoadFlags flags = new LoadFlags();
    try {
      new CommandLine(flags).setOverwrittenOptionsAllowed(true).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return flags.options();
  }

  boolean openModel() {
    return rate > 0;
  }
}
