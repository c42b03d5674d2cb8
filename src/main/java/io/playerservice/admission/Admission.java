package io.playerservice.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * Admission control for one event loop's database work, so that overload costs some requests a
 * 503 and never collapses the throughput of all (congestion collapse).
 *
 * <ul>
 *   <li>At most {@code limit} requests work at once: this instance's pool connections, so that
 *       requests wait here, where the wait is measured, and not in the pool.
 *   <li>The others wait, by time, not by count: a waiter is shed (503) once it has waited
 *       {@code maxWait}. {@code maxWaiting} only bounds memory; beyond it a request is shed at once.
 *   <li>While the waiters would all be served in order within twice {@code target} (a quarter of
 *       {@code maxWait}, 250 ms by default), judged by the pace the instance served requests at
 *       in its recent busy windows of {@link #INTERVAL_MS}, they are served first come, first
 *       served, and none is shed unless it waits {@code maxWait}. Once they would not, the queue
 *       is overloaded until they would be served within {@code target} again, and the newest
 *       waiter goes first (adaptive LIFO, as in Facebook's "Fail at scale", 2015): it still has
 *       its client and most of its time, so the requests that are served keep a short wait,
 *       while the oldest run out their time and are shed.
 * </ul>
 *
 * <p>Why a waiter may wait {@code maxWait} (1 s by default) and is not shed at CoDel's few ms:
 * a client that sends again at once makes every shed a new request, and sheds at 5 ms turned
 * a crowd of such clients into tens of thousands of 503s a second and cut the goodput
 * ({@code src/bench/overload.sh} measures it). LIFO keeps the served requests' wait short without
 * that churn.
 *
 * <p>Used on its event loop only, so it needs no locks. A periodic tick, armed only while someone
 * waits, sheds those whose time is up: a waiter costs no timer of its own.
 */
public final class Admission {
  /** How often the pace of service is measured (CoDel's interval). */
  static final long INTERVAL_MS = 100;
  /** The weight of the last window of {@link #INTERVAL_MS} in the smoothed pace of service. */
  private static final double PACE_WEIGHT = 0.25;
  /** The queueing delay accepted first come, first served, as a part of the longest wait. */
  private static final int TARGET_PARTS_OF_MAX_WAIT = 4;
  /** The detail of every shed answer, on HTTP and the event bus alike. */
  public static final String OVERLOADED = "the service is overloaded; nothing was changed; try again shortly";

  /** What {@link #tryEnter()} decided. */
  enum Entry {
    /** Work may start now; {@link #leave()} when done. */
    ADMITTED,
    /** No place now: {@link #await} it. */
    MUST_WAIT,
    /** The waiting room is full: answer 503 now. Counted already. */
    SHED
  }

  private final Vertx vertx;
  private final int limit;
  private final int maxWaiting;
  private final long maxWaitNanos;
  private final long targetNanos;
  private final long intervalNanos = TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
  private final long tickMs;
  private final Counter shedFull;
  private final Counter shedLate;

  private int working;
  private final WaiterRing waiting = new WaiterRing();
  /** Requests served since {@code windowStart}, to measure the pace of service. */
  private int windowServed;
  private long windowStart = System.nanoTime();
  /**
   * How many waiters are served within {@code target}, at the smoothed pace of the windows in
   * which requests waited (a quieter window measures the demand, not the capacity). Until it is
   * measured, a cautious guess: one request per connection.
   */
  private double servedWithinTarget;
  /** Whether the waiters are served newest first (see the class comment). */
  private boolean overloaded;
  private long tick = -1;

  /**
   * {@code limit} requests work at once; up to {@code maxWaiting} wait, each up to
   * {@code maxWaitMs}. Sheds are counted in {@code registry} (none when null), tagged with
   * {@code lane}: {@code all} for the instance's places, {@code reads} for the bulkhead's.
   */
  Admission(Vertx vertx, int limit, int maxWaiting, long maxWaitMs, MeterRegistry registry, String lane) {
    this.vertx = vertx;
    this.limit = limit;
    this.maxWaiting = maxWaiting;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    this.targetNanos = maxWaitNanos / TARGET_PARTS_OF_MAX_WAIT;
    this.servedWithinTarget = limit;
    this.tickMs = Math.max(1, Math.min(maxWaitMs, INTERVAL_MS) / 4);
    this.shedFull = shedCounter(registry, "queue-full", lane);
    this.shedLate = shedCounter(registry, "waited-too-long", lane);
  }

  /**
   * True when a request arriving now would be shed at once, because the waiting room is full: it
   * can be answered before its body is even read. Counts it.
   */
  boolean shedsAtOnce() {
    if (working >= limit && waiting.size() >= maxWaiting) {
      count(shedFull);
      return true;
    }
    return false;
  }

  /** Admits at once when a place is free and nobody waits before it. */
  Entry tryEnter() {
    if (waiting.size() == 0 && working < limit) {
      working++;
      return Entry.ADMITTED;
    }
    if (waiting.size() >= maxWaiting) {
      count(shedFull);
      return Entry.SHED;
    }
    return Entry.MUST_WAIT;
  }

  /**
   * Queues {@code waiter} after {@link Entry#MUST_WAIT}: it is admitted or shed later. Its time is
   * counted from {@code arrivedNanos}, which may be earlier when it already waited elsewhere (a
   * read, for a place of the bulkhead), so its whole wait stays within {@code maxWait}. Such a
   * waiter may be shed a little later than one at the head, when it is served or reaches the head:
   * never sooner.
   */
  void await(Waiter waiter, long arrivedNanos) {
    waiting.add(waiter, arrivedNanos);
    if (tick == -1) {
      tick = vertx.setPeriodic(tickMs, id -> expire());
    }
  }

  /** An admitted request is done: the next waiter, if any, may start. */
  void leave() {
    working--;
    long now = System.nanoTime();
    measurePace(now);
    // Newest first from when the waiters would need twice the target, until they would be served
    // within it: at a single border, flipping at each check would serve the oldest, who waited
    // longest under LIFO, and give the worst of both orders.
    if (waiting.size() > 2 * servedWithinTarget) {
      overloaded = true;
    } else if (waiting.size() < servedWithinTarget) {
      overloaded = false;
    }
    while (working < limit && waiting.size() > 0) {
      long waited = now - (overloaded ? waiting.newestArrival() : waiting.oldestArrival());
      Waiter next = overloaded ? waiting.takeNewest() : waiting.takeOldest();
      if (next.gone()) {
        next.skipped();
        continue;
      }
      if (waited > maxWaitNanos) {
        shed(next);
        continue;
      }
      working++;
      next.admit();
    }
  }

  private void measurePace(long now) {
    windowServed++;
    long elapsed = now - windowStart;
    if (elapsed >= intervalNanos) {
      if (waiting.size() > 0) {
        // Smoothed over about the last 400 ms: a database that stalls for a moment (a flush, a
        // lock) must not turn the order over and starve the requests that waited through it.
        // A longer window (nothing was served for a while) weighs as that many windows.
        double weight = 1 - Math.pow(1 - PACE_WEIGHT, (double) elapsed / intervalNanos);
        servedWithinTarget = (1 - weight) * servedWithinTarget + weight * windowServed * targetNanos / elapsed;
      }
      windowServed = 0;
      windowStart = now;
    }
  }

  /** The tick: sheds every waiter whose time is up; the oldest are at the head, whatever the order served. */
  private void expire() {
    long now = System.nanoTime();
    while (waiting.size() > 0 && (now - waiting.oldestArrival() > maxWaitNanos || waiting.oldest().gone())) {
      Waiter next = waiting.takeOldest();
      if (!next.gone()) {
        shed(next);
      } else {
        next.skipped();
      }
    }
    if (waiting.size() == 0) {
      vertx.cancelTimer(tick);
      tick = -1;
    }
  }

  private void shed(Waiter waiter) {
    count(shedLate);
    waiter.shed();
  }

  private static void count(Counter counter) {
    if (counter != null) {
      counter.increment();
    }
  }

  private static Counter shedCounter(MeterRegistry registry, String reason, String lane) {
    return registry == null ? null : Counter.builder("requests.shed").tag("reason", reason).tag("lane", lane)
        .description("Requests answered 503 by admission control: the waiting room was full, or they waited too long")
        .register(registry);
  }
}
