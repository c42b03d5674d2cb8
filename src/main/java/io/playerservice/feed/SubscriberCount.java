package io.playerservice.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicInteger;

/** The node's open streams against FEED_MAX_SUBSCRIBERS, with their meters; every instance counts here. */
final class SubscriberCount {
  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter dropped;

  SubscriberCount(int max, MeterRegistry registry) {
    this.max = max;
    Gauge.builder("feed.subscribers", open, AtomicInteger::get)
        .description("Open streams of GET /trades/stream on this node").register(registry);
    this.dropped = Counter.builder("feed.subscribers.dropped").tag("reason", "slow")
        .description("Streams closed because the client did not take its trades as fast as they came")
        .register(registry);
  }

  /** Takes a place for a new stream; false when all are taken. */
  boolean admit() {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  void left() {
    open.decrementAndGet();
  }

  int open() {
    return open.get();
  }

  /** A stream closed because its client fell behind. */
  void dropped() {
    dropped.increment();
  }
}
