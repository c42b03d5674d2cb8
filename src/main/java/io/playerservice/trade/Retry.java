package io.playerservice.trade;

import io.playerservice.error.Failures;
import io.vertx.sqlclient.DatabaseException;

import java.util.concurrent.ThreadLocalRandom;

/** Which failures the server says are safe to run again, and how long to wait before doing so. */
final class Retry {

  private static final long BASE_DELAY_MS = 2;
  private static final long MAX_DELAY_MS = 100;

  private Retry() {
  }

  /** The server's error code when it marks the failure retryable, else -1. */
  static int retryableCode(Throwable failure) {
    if (failure instanceof DatabaseException db && Failures.RETRYABLE_CODES.contains(db.getErrorCode())) {
      return db.getErrorCode();
    }
    return -1;
  }

  /**
   * "Full jitter" exponential backoff: a uniform delay up to 2, 4, 8 … ms (capped at 100) before
   * attempt {@code attempt + 1}, so that colliding transactions spread out instead of colliding again.
   */
  static long delayMillis(int attempt) {
    long ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(attempt, 20));
    return 1 + ThreadLocalRandom.current().nextLong(ceiling); // a Vert.x timer needs at least 1 ms
  }
}
