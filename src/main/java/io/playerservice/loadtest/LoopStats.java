package io.playerservice.loadtest;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * One event loop's share of what {@link LoadStats} measures: written by that loop alone, without
 * locks or allocation on the hot path. The trades' recorder may be read from another thread while
 * it is written (the per-second ticks); the rest is read once the loop is done.
 */
final class LoopStats {
  final SingleWriterRecorder trades = new SingleWriterRecorder(LoadStats.MAX_MICROS, 3);
  /** By {@link Kind}; null for the trades (in {@link #trades}) and for kinds the mix leaves out. */
  final Histogram[] latencies = new Histogram[Kind.ALL.length];
  final StatusCounts[] outcomes = new StatusCounts[Kind.ALL.length];
  final StatusTimeline timeline;
  private final LongAdder errors;
  private final LongAdder retried;
  private final LongAdder replayed;

  /** The adders are shared by the loops and touched only by the rare failed or retried request. */
  LoopStats(Mix mix, long startNanos, LongAdder errors, LongAdder retried, LongAdder replayed) {
    for (Kind kind : Kind.ALL) {
      outcomes[kind.ordinal()] = new StatusCounts();
      if (kind != Kind.TRADE && mix.has(kind)) {
        latencies[kind.ordinal()] = new Histogram(LoadStats.MAX_MICROS, 3);
      }
    }
    this.timeline = new StatusTimeline(startNanos);
    this.errors = errors;
    this.retried = retried;
    this.replayed = replayed;
  }

  /** A request's final answer ({@code status} 0: a transport error), {@code micros} from its intended start. */
  void answered(Kind kind, long micros, int status) {
    long value = Math.min(Math.max(micros, 1), LoadStats.MAX_MICROS);
    if (kind == Kind.TRADE) {
      trades.recordValue(value);
    } else {
      latencies[kind.ordinal()].recordValue(value);
    }
    outcomes[kind.ordinal()].count(status);
    if (status != kind.success) {
      errors.increment();
    }
  }

  /** Every answer the service gave, a retried request's earlier ones too, in its second. */
  void sent(int status) {
    timeline.count(System.nanoTime(), status);
  }

  /** A request that needed more than one send; {@code replay}: its final answer was a stored one. */
  void retried(boolean replay) {
    retried.increment();
    if (replay) {
      replayed.increment();
    }
  }
}
