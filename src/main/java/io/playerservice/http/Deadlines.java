package io.playerservice.http;

import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * Deadlines of one length on one event loop, with one timer for all of them instead of one per
 * request. Each deadline joins at the tail when it starts, so the queue is in deadline order; the
 * timer waits for the head only. Starting and cancelling are a link and an unlink; the timer fires
 * about once per length when nothing expires, since a head that left is simply passed over then.
 *
 * <p>Used on its event loop only.
 */
final class Deadlines {
  private final Vertx vertx;
  private final long lengthNanos;
  /** The ring's anchor: {@code anchor.next} is the earliest deadline, {@code anchor.previous} the latest. */
  private final Deadline anchor = new Deadline(0, null);
  /** The timer waiting for the head, or -1; while it fires, the head's successors re-arm it once at the end. */
  private long timer = -1;

  Deadlines(Vertx vertx, long lengthMs) {
    this.vertx = vertx;
    this.lengthNanos = TimeUnit.MILLISECONDS.toNanos(lengthMs);
    anchor.next = anchor;
    anchor.previous = anchor;
  }

  /** Runs {@code expired} one length from now unless the returned deadline is cancelled first. */
  Deadline start(Runnable expired) {
    Deadline deadline = new Deadline(System.nanoTime() + lengthNanos, expired);
    deadline.previous = anchor.previous;
    deadline.next = anchor;
    anchor.previous.next = deadline;
    anchor.previous = deadline;
    if (timer < 0) {
      arm(deadline.at);
    }
    return deadline;
  }

  private void arm(long at) {
    long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime() + 999_999));
    timer = vertx.setTimer(delayMs, id -> expire());
  }

  private void expire() {
    long now = System.nanoTime();
    try {
      while (anchor.next != anchor && anchor.next.at - now <= 0) {
        Deadline due = anchor.next;
        due.cancel();
        due.expired.run();
      }
    } finally { // a failing action must not leave the deadlines behind it without a timer
      timer = -1;
      if (anchor.next != anchor) {
        arm(anchor.next.at);
      }
    }
  }

  /** One pending deadline. */
  static final class Deadline {
    private final long at;
    private final Runnable expired;
    private Deadline previous;
    private Deadline next;

    private Deadline(long at, Runnable expired) {
      this.at = at;
      this.expired = expired;
    }

    /** It will not expire; nothing happens if it already has, or was cancelled. */
    void cancel() {
      if (next != null) {
        previous.next = next;
        next.previous = previous;
        next = null;
        previous = null;
      }
    }
  }
}
