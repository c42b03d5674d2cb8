package io.playerservice.config;

import java.util.Optional;

/**
 * The heap the settings can keep live at their bounds: what a started service holds, plus each
 * HTTP connection up to {@code HTTP_MAX_CONNECTIONS} and each request waiting for admission up to
 * {@code DB_MAX_WAIT_QUEUE}. The figures are measured (operations.md, "Memory and start-up"); the
 * JVM options file sizes the heap for the defaults with them, and a start whose heap cannot hold
 * its settings says so.
 */
public final class HeapNeed {
  private static final long MB = 1024 * 1024;
  /** Live after start, nothing in flight: 11.5 MB after a full collection. */
  static final long AFTER_START = 12 * MB;
  /** An open HTTP/1.1 connection between requests: 5,000 of them kept 45 MB more live (9.1 KB each). */
  static final long PER_CONNECTION = 9 * 1024;
  /** A trade waiting for admission, beyond its connection: 1,024 of them (wrk) kept 4.5 MB more. */
  static final long PER_WAITING_REQUEST = 4608;

  private HeapNeed() {
  }

  /** The bytes {@code config}'s bounds can keep live: every connection open, the waiting room full. */
  public static long liveAtBounds(ServiceConfig config) {
    return AFTER_START + config.httpMaxConnections() * PER_CONNECTION + config.maxWaitQueue() * PER_WAITING_REQUEST;
  }

  /**
   * Why a heap of at most {@code maxHeap} bytes cannot hold {@code config}'s bounds, or empty when
   * it can: what stays live must fit in the old generation, two thirds of the serial collector's
   * heap (the JVM's default NewRatio of 2); beyond it full collections run back to back, then the
   * heap runs out.
   */
  public static Optional<String> shortfall(ServiceConfig config, long maxHeap) {
    long live = liveAtBounds(config);
    if (live <= maxHeap / 3 * 2) {
      return Optional.empty();
    }
    return Optional.of(String.format("HTTP_MAX_CONNECTIONS=%d and DB_MAX_WAIT_QUEUE=%d can keep %d MB live, more than"
        + " the two thirds of the %d MB heap that hold what lives long: lower them, or give the JVM a larger heap"
        + " (-Xmx, or a larger container memory limit; operations.md, \"Memory and start-up\")",
        config.httpMaxConnections(), config.maxWaitQueue(), Math.round((double) live / MB), maxHeap / MB));
  }
}
