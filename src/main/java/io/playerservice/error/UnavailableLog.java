package io.playerservice.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs 503s and 504s (overload, a database down or hung) at most once a second, with how many
 * were not logged: during an outage every request fails, and a line each would flood the log.
 */
public final class UnavailableLog {
  private static final Logger LOG = LoggerFactory.getLogger(UnavailableLog.class);
  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private static final AtomicLong NEXT = new AtomicLong();
  private static final AtomicLong SUPPRESSED = new AtomicLong();

  private UnavailableLog() {
  }

  /** {@code cause} may be null (a deadline that passed carries none). */
  public static void record(String what, int status, Throwable cause) {
    long now = System.nanoTime();
    long next = NEXT.get();
    if (now - next < 0 || !NEXT.compareAndSet(next, now + INTERVAL_NANOS)) {
      SUPPRESSED.incrementAndGet();
      return;
    }
    long suppressed = SUPPRESSED.getAndSet(0);
    LOG.warn("{} answered {}{}{}", what, status, cause == null ? "" : ": " + cause,
        suppressed == 0 ? "" : " (and " + suppressed + " more 503s/504s since the last line)");
  }
}
