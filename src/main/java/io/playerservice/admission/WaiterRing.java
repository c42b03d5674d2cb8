package io.playerservice.admission;

/**
 * The waiters of one {@link Admission} queue in arrival order, each with the time it arrived; taken
 * from either end. A ring that starts small and doubles; {@code maxWaiting} bounds it.
 */
final class WaiterRing {
  private Waiter[] waiters = new Waiter[64];
  private long[] arrivals = new long[64];
  private int head;
  private int size;

  int size() {
    return size;
  }

  void add(Waiter waiter, long arrivedNanos) {
    if (size == waiters.length) {
      grow();
    }
    int slot = (head + size) % waiters.length;
    waiters[slot] = waiter;
    arrivals[slot] = arrivedNanos;
    size++;
  }

  Waiter oldest() {
    return waiters[head];
  }

  long oldestArrival() {
    return arrivals[head];
  }

  long newestArrival() {
    return arrivals[(head + size - 1) % waiters.length];
  }

  Waiter takeOldest() {
    Waiter next = waiters[head];
    waiters[head] = null;
    head = (head + 1) % waiters.length;
    size--;
    return next;
  }

  Waiter takeNewest() {
    int slot = (head + size - 1) % waiters.length;
    Waiter next = waiters[slot];
    waiters[slot] = null;
    size--;
    return next;
  }

  private void grow() {
    int length = waiters.length * 2;
    Waiter[] moreWaiters = new Waiter[length];
    long[] moreArrivals = new long[length];
    for (int i = 0; i < size; i++) {
      moreWaiters[i] = waiters[(head + i) % waiters.length];
      moreArrivals[i] = arrivals[(head + i) % waiters.length];
    }
    waiters = moreWaiters;
    arrivals = moreArrivals;
    head = 0;
  }
}
