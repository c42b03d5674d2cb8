package io.playerservice.admission;

/**
 * The waiters of one request class, in arrival order, served oldest first until the queue stands.
 * Whether it stands is CoDel's judgement (Nichols and Jacobson, 2012) on waiting time: a queue whose
 * oldest waiter has waited longer than the target, without a moment below it for a whole interval,
 * is not a burst draining but a standing queue, which first come, first served would serve ever
 * later. The interval is one smoothed service time of the class: within it every place frees and,
 * served in order, takes the oldest waiter, so a draining queue would show a younger one. Then the
 * newest goes first (adaptive LIFO, Facebook's "Fail at scale", 2015): it still has its client and
 * most of its deadline, while the oldest run out their time and are shed. Oldest first again once
 * the oldest waiter has waited less than the target.
 *
 * <p>Nothing is shed here: the order only decides who is served when a place frees. So a closed
 * loop of clients, whose queue stands but cannot grow past their number, is served in order.
 *
 * <p>On its event loop only, as {@link Bulkhead} is.
 */
final class WaitQueue {
  private final WaiterRing ring = new WaiterRing();
  /** CoDel's target (see {@link WaitingRoom}). */
  private final long targetNanos;
  /** The last time the oldest waiter had waited less than the target, or the queue was empty. */
  private long lastBelowNanos = System.nanoTime();
  private boolean newestFirst;

  WaitQueue(long targetNanos) {
    this.targetNanos = targetNanos;
  }

  int size() {
    return ring.size();
  }

  void add(Waiter waiter, long arrivedNanos) {
    if (ring.size() == 0) {
      lastBelowNanos = arrivedNanos;
    }
    ring.add(waiter, arrivedNanos);
  }

  long oldestArrival() {
    return ring.oldestArrival();
  }

  Waiter oldest() {
    return ring.oldest();
  }

  Waiter takeOldest() {
    return ring.takeOldest();
  }

  /** The waiter to serve now that a place is free, in the order the queue's state gives; the interval as above. */
  Waiter takeNext(long now, long intervalNanos) {
    long oldest = ring.oldestArrival();
    if (now - oldest < targetNanos) {
      lastBelowNanos = now;
      newestFirst = false;
    } else {
      // Above the target since the oldest waiter crossed it, unless a later look saw it below.
      long aboveSince = Math.max(lastBelowNanos, oldest + targetNanos);
      newestFirst = now - aboveSince >= intervalNanos;
    }
    return newestFirst ? ring.takeNewest() : ring.takeOldest();
  }
}
