package io.playerservice.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs 503s (overload, database outage) at most once a second, with how many were not logged:
 * during an outage every request fails, and a line each would flood the log on the hot path.
 */
public final class UnavailableLog {
  private static final Logger LOG = LoggerFactory.getLogger(UnavailableLog.class);
  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private static final AtomicLong NEXT = new AtomicLong();
  private static final AtomicLong SUPPRESSED = new AtomicLong();

  private UnavailableLog() {
  }

  public static void record(String what, Throwable cause) {
    long now = System.nanoTime();
    long next = NEXT.get();
    if (now - next < 0 || !NEXT.compareAndSet(next, now + INTERVAL_NANOS)) {
      SUPPRESSED.incrementAndGet();
      return;
    }
    long suppressed = SUPPRESSED.getAndSet(0);
    LOG.warn("{} answered 503: {}{}", what, cause,
        suppressed == 0 ? "" : " (and " + suppressed + " more 503s since the last line)");
  }
}
