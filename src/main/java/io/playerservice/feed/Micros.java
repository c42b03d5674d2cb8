package io.playerservice.feed;

import java.time.Instant;

/** Ledger times as microseconds since the epoch, the ledger's own precision (DATETIME(6)). */
final class Micros {
  private Micros() {
  }

  static long now() {
    return of(Instant.now());
  }

  static long of(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
  }

  static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}
