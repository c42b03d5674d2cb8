package io.playerservice.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where one instance's requests wait for admission: a {@link WaitQueue} per request class, bounded
 * in memory by the instance's share of DB_MAX_WAIT_QUEUE. A waiter is shed (503, nothing changed)
 * only when it can no longer be served within its deadline: REQUEST_TIMEOUT_MS from its arrival,
 * less the {@link ServiceTime} its class measures for its work (or sooner, when
 * ADMISSION_MAX_WAIT_MS sets a wait of its own). A shorter wait would only turn a wait into an
 * error: a client that sends again at once is back in the queue, and a closed loop of clients
 * smaller than the room cannot overload the instance.
 *
 * <p>One timer, armed for the earliest waiter's last moment, sheds those that no place freed for
 * in time: a waiter costs no timer of its own. On its event loop only.
 */
final class WaitingRoom {
  /** Vert.x timers count whole milliseconds. */
  private static final long TIMER_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** The room's timer rounds up to a whole millisecond: kept back two, a waiter is shed before its deadline's 504. */
  private static final long MIN_KEPT_BACK_NANOS = 2 * TIMER_RESOLUTION_NANOS;

  private final Vertx vertx;
  private final int maxWaiting;
  private final long deadlineNanos;
  private final long maxWaitNanos;
  private final Runnable afterExpiry;
  private final Map<RequestClass, WaitQueue> queues = new EnumMap<>(RequestClass.class);
  private final Map<RequestClass, ServiceTime> work = new EnumMap<>(RequestClass.class);
  private final Map<RequestClass, Counter> shedFull = new EnumMap<>(RequestClass.class);
  private final Map<RequestClass, Counter> shedLate = new EnumMap<>(RequestClass.class);
  private int waiting;
  private long timer = -1;
  private long timerAtNanos;

  /**
   * {@code maxWaiting} may wait; each has {@code deadlineMs} from its arrival, and waits at most
   * {@code maxWaitMs} (0: no limit of its own). {@code afterExpiry} runs once the timer has shed
   * someone, since others may then go first. Sheds are counted in {@code registry} (none when null).
   */
  WaitingRoom(Vertx vertx, int maxWaiting, long deadlineMs, long maxWaitMs, MeterRegistry registry,
      Runnable afterExpiry) {
    this.vertx = vertx;
    this.maxWaiting = maxWaiting;
    this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    this.maxWaitNanos = maxWaitMs > 0 ? TimeUnit.MILLISECONDS.toNanos(maxWaitMs) : Long.MAX_VALUE;
    this.afterExpiry = afterExpiry;
    // CoDel's target: a quarter of the deadline, so a waiter served in order from a queue below it keeps the
    // half its work may need (a row-lock wait, ServiceConfig.lockWaitTimeoutSeconds, and as long to answer).
    long target = deadlineNanos / 4;
    for (RequestClass requestClass : RequestClass.values()) {
      queues.put(requestClass, new WaitQueue(target));
      // Until measured, as long as a statement may wait for a row lock: a quarter of the deadline.
      work.put(requestClass, new ServiceTime(deadlineNanos / 4));
      shedFull.put(requestClass, shedCounter(registry, "queue-full", requestClass));
      shedLate.put(requestClass, shedCounter(registry, "waited-too-long", requestClass));
    }
  }

  boolean full() {
    return waiting >= maxWaiting;
  }

  int waiting(RequestClass requestClass) {
    return queues.get(requestClass).size();
  }

  /** A request refused because the room is full. */
  void countFull(RequestClass requestClass) {
    count(shedFull.get(requestClass));
  }

  /** A request of {@code requestClass} held its place this long. */
  void measured(RequestClass requestClass, long nanos) {
    work.get(requestClass).add(nanos);
  }

  void add(RequestClass requestClass, Waiter waiter, long arrivedNanos) {
    queues.get(requestClass).add(waiter, arrivedNanos);
    waiting++;
    arm(System.nanoTime());
  }

  /**
   * The next waiter of {@code requestClass} to admit now, or null when none waits; those gone or out
   * of time on the way are skipped or shed.
   */
  Waiter next(RequestClass requestClass, long now) {
    WaitQueue queue = queues.get(requestClass);
    while (queue.size() > 0) {
      boolean late = now - lastMoment(requestClass, queue.oldestArrival()) >= 0; // the oldest's, whoever goes
      Waiter next = late ? queue.takeOldest() : queue.takeNext(now, work.get(requestClass).meanNanos());
      waiting--;
      if (next.gone()) {
        next.skipped();
      } else if (late) {
        shed(requestClass, next);
      } else {
        return next;
      }
    }
    return null;
  }

  /** The last moment a waiter that arrived then may still be admitted. */
  private long lastMoment(RequestClass requestClass, long arrivedNanos) {
    long keptBack = Math.max(MIN_KEPT_BACK_NANOS, work.get(requestClass).boundNanos());
    return arrivedNanos + Math.min(maxWaitNanos, deadlineNanos - keptBack);
  }

  /** Sheds every waiter whose last moment has come (the oldest are at each queue's head), then re-arms. */
  private void expire() {
    timer = -1;
    long now = System.nanoTime();
    boolean shed = false;
    for (Map.Entry<RequestClass, WaitQueue> entry : queues.entrySet()) {
      WaitQueue queue = entry.getValue();
      while (queue.size() > 0
          && (queue.oldest().gone() || now - lastMoment(entry.getKey(), queue.oldestArrival()) >= 0)) {
        Waiter next = queue.takeOldest();
        waiting--;
        if (next.gone()) {
          next.skipped();
        } else {
          shed(entry.getKey(), next);
          shed = true;
        }
      }
    }
    arm(now);
    if (shed) {
      afterExpiry.run();
    }
  }

  /** Arms the timer for the earliest last moment of any queue's oldest waiter, unless it fires sooner. */
  private void arm(long now) {
    long earliest = Long.MAX_VALUE;
    boolean any = false;
    for (Map.Entry<RequestClass, WaitQueue> entry : queues.entrySet()) {
      if (entry.getValue().size() > 0) {
        long moment = lastMoment(entry.getKey(), entry.getValue().oldestArrival());
        earliest = any ? Math.min(earliest, moment) : moment;
        any = true;
      }
    }
    if (!any || (timer != -1 && timerAtNanos - earliest <= 0)) {
      return; // nobody waits (a timer already armed finds nobody), or it fires in time and re-arms
    }
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
    timerAtNanos = earliest;
    long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(earliest - now + TIMER_RESOLUTION_NANOS - 1));
    timer = vertx.setTimer(delayMs, id -> expire());
  }

  private void shed(RequestClass requestClass, Waiter waiter) {
    count(shedLate.get(requestClass));
    waiter.shed();
  }

  private static void count(Counter counter) {
    if (counter != null) {
      counter.increment();
    }
  }

  private static Counter shedCounter(MeterRegistry registry, String reason, RequestClass requestClass) {
    return registry == null ? null : Counter.builder("requests.shed").tag("reason", reason)
        .tag("lane", requestClass.lane())
        .description("Requests answered 503 by admission control: the waiting room was full, or they could"
            + " no longer be served within their deadline")
        .register(registry);
  }
}
