package io.playerservice.admission;

import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * Keeps reads from taking the event loop's and the database's turns from everything else. Places
 * bound connections, not CPU, and reads that follow one another without a pause (1000-row pages,
 * counts answered from memory) would crowd out trades however few they are. So while other
 * requests are at work on the instance, or one left within {@link #BUSY_WINDOW_NANOS}, a read or
 * count place rests after each use, {@link #REST_PER_HELD} times as long as it was held; with
 * nothing else at work, reads run freely.
 *
 * <p>On its event loop only, as {@link Bulkhead} is.
 */
final class ReadRest {
  /** Rest per millisecond held: while others work, reads get at most a sixth of their places' time. */
  private static final long REST_PER_HELD = 5;
  /** A count answered from memory holds its place for microseconds; the floor bounds its rate per place. */
  private static final long MIN_REST_MS = 5;
  /** A read slowed by a hiccup (a stall of the database, a GC) must not make the reads behind it wait much longer. */
  private static final long MAX_REST_MS = 200;
  /** A client that trades in a loop has no trade in flight between an answer and its next request. */
  private static final long BUSY_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Vertx vertx;
  /** Requests of {@link RequestClass#ORDINARY} admitted and not yet left: trades, writes, point reads. */
  private int others;
  /** When the last of them left ({@link System#nanoTime()}). */
  private long otherLeftNanos = System.nanoTime() - BUSY_WINDOW_NANOS;

  ReadRest(Vertx vertx) {
    this.vertx = vertx;
  }

  void otherEntered() {
    others++;
  }

  void otherLeft() {
    others--;
    otherLeftNanos = System.nanoTime();
  }

  /** Gives a read's {@code place}, held since {@code admittedNanos}, back now or after its rest. */
  void release(Admission place, long admittedNanos) {
    long now = System.nanoTime();
    if (others == 0 && now - otherLeftNanos > BUSY_WINDOW_NANOS) {
      place.leave();
      return;
    }
    long heldMs = TimeUnit.NANOSECONDS.toMillis(now - admittedNanos);
    long restMs = Math.min(MAX_REST_MS, Math.max(MIN_REST_MS, REST_PER_HELD * heldMs));
    vertx.setTimer(restMs, id -> place.leave());
  }
}
