package io.playerservice.loadtest;

import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The load generator's options, checked strictly ({@link LoadFlags}): anything it cannot honour
 * is refused with a message, never guessed at.
 *
 * @param rate requests per second in the open model; 0 for the closed model (each connection
 *     sends its next request when the last one answers)
 * @param hot trade only among the first {@code hot} players; equal to {@code players} by default
 * @param mix the share of each kind of request
 * @param warmupSeconds load run first and not measured, so that a fresh JVM's JIT compilation
 *     (the generator's own included) does not land in the percentiles
 * @param keys send each trade and bulk create with an Idempotency-Key, retry it with the key, and
 *     check the ledger at the end; off, they go once without a key and only the sums are checked
 * @param threads event loops the connections are spread over, each with an HTTP client of its own
 * @param threadsPerCore {@code threads} was not given and follows the cores
 * @param thresholds the bounds the run must keep, {@link Threshold#NO_ERRORS} among them unless
 *     another bound on errors was given
 * @param compare an earlier run to compare with; null: none
 * @param hgrm where to write the trades' percentile distribution; null: nowhere
 * @param subscribers streams of the live feed to follow during the measured run, and check; 0: none
 */
public record LoadOptions(URI url, int players, int connections, int durationSeconds, int rate,
    int hot, Mix mix, int warmupSeconds, Path out, boolean keys, int threads, boolean threadsPerCore,
    List<Threshold> thresholds, Comparison compare, Path hgrm, int subscribers) {

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
