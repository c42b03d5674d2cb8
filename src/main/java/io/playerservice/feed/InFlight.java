package io.playerservice.feed;

import io.playerservice.error.ApiError;
import io.playerservice.error.Failures;
import io.playerservice.trade.TradeResult;
import io.playerservice.trade.TradeWatch;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.util.TreeMap;

/**
 * This node's trades in flight, each from its stamp until its COMMIT or ROLLBACK has answered.
 * Their smallest stamp is the node's low watermark: every trade this node stamped before it has
 * committed, or never will. With none in flight the watermark is now. Stamps are issued here,
 * under the lock the watermark is read under, and never below a watermark already given out, so
 * a stamp taken while a reader reads cannot land behind what the reader delivers, even when the
 * clock steps back (stamps then wait at the last one until it catches up).
 *
 * <p>Used from every event loop of the node; the lock is held for a map operation.
 */
final class InFlight implements TradeWatch {
  /** Told after each stamped run ends, outside the lock. */
  interface Ended {
    /**
     * @param watermark the node's watermark after the run left (microseconds)
     * @param committed the trade, when the run committed; else null
     * @param rose whether the watermark rose as the run left
     */
    void ended(long watermark, TradeResult committed, boolean rose);
  }

  private final Vertx vertx;
  private final long settleMs;
  private final Ended ended;
  /** Stamps in flight (microseconds since the epoch), with how many runs hold each. */
  private final TreeMap<Long, Integer> stamps = new TreeMap<>();
  /** The last stamp issued or watermark given out: nothing is issued below it. */
  private long floor;

  /**
   * {@code settleMs}: how long a run whose connection broke under it stays in flight, since its
   * COMMIT may still land (see {@link FeedNode#settleMs}).
   */
  InFlight(Vertx vertx, long settleMs, Ended ended) {
    this.vertx = vertx;
    this.settleMs = settleMs;
    this.ended = ended;
  }

  @Override
  public Run run() {
    return new Run() {
      private long stamp = -1;

      @Override
      public Instant stamp() {
        stamp = issue();
        return Micros.toInstant(stamp);
      }

      @Override
      public void ended(AsyncResult<TradeResult> outcome) {
        if (stamp < 0) {
          return; // ended before it was stamped (a lock it never got): it held no time
        }
        if (outcome.failed() && Failures.classify(outcome.cause()).kind() == ApiError.Kind.CONNECTION_LOST) {
          long lost = stamp; // the COMMIT may have reached the database: keep its time held a while
          vertx.setTimer(settleMs, id -> leave(lost, null));
        } else {
          leave(stamp, outcome.succeeded() ? outcome.result() : null);
        }
      }
    };
  }

  /** The node's watermark now, in microseconds since the epoch. */
  synchronized long watermark() {
    if (stamps.isEmpty()) {
      floor = Math.max(floor, Micros.now());
      return floor;
    }
    return stamps.firstKey();
  }

  private synchronized long issue() {
    floor = Math.max(floor, Micros.now());
    stamps.merge(floor, 1, Integer::sum);
    return floor;
  }

  private void leave(long stamp, TradeResult committed) {
    long before;
    long after;
    synchronized (this) {
      before = watermark();
      stamps.computeIfPresent(stamp, (at, runs) -> runs == 1 ? null : runs - 1);
      after = watermark();
    }
    ended.ended(after, committed, after > before);
  }
}
