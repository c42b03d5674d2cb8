package io.playerservice.loadtest;

import java.util.Map;

/**
 * Requests counted by HTTP status, in an array indexed by the status itself, so that counting one
 * on the hot path is an increment. Written by one event loop; read once its load is done.
 */
final class StatusCounts {
  /** A status has three digits; below 100 none exists, which leaves room for the two failures. */
  private static final int SLOTS = 1000;
  private static final int TRANSPORT_ERROR = 0;
  private static final int INVALID_STATUS = 1;

  private final long[] counts = new long[SLOTS];

  /** {@code status} 0: the request failed in transport. */
  void count(int status) {
    counts[status == TRANSPORT_ERROR || status >= 100 && status < SLOTS ? status : INVALID_STATUS]++;
  }

  /** Requests answered {@code status}. */
  long of(int status) {
    return counts[status];
  }

  long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  /** Adds each outcome seen to {@code outcomes}, named {@code prefix} + "200", "connection error", ... */
  void addTo(Map<String, Long> outcomes, String prefix) {
    for (int slot = 0; slot < SLOTS; slot++) {
      if (counts[slot] > 0) {
        outcomes.merge(prefix + outcome(slot), counts[slot], Long::sum);
      }
    }
  }

  private static String outcome(int slot) {
    return switch (slot) {
      case TRANSPORT_ERROR -> "connection error";
      case INVALID_STATUS -> "invalid status";
      default -> String.valueOf(slot);
    };
  }
}
