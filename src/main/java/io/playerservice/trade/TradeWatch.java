package io.playerservice.trade;

import io.vertx.core.AsyncResult;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a trade tells the live feed of each run of its transaction: the ledger time it stamps on
 * the trade, taken from here so the feed knows which times may still commit, and how the run
 * ended. A stamp comes after the rows are locked, so a run that waits for a lock holds no time.
 */
public interface TradeWatch {
  /** No feed: stamps from the clock, to the microsecond, and tells nobody. */
  TradeWatch CLOCK = () -> new Run() {
    @Override
    public Instant stamp() {
      return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public void ended(AsyncResult<TradeResult> outcome) {
    }
  };

  /** A new run of a trade's transaction, not yet stamped. */
  Run run();

  /** One run of a trade's transaction. */
  interface Run {
    /** The trade's ledger time (microseconds); the run is in flight from then until {@link #ended}. */
    Instant stamp();

    /** The transaction ended: committed (the result) or rolled back (failed), stamped or not. */
    void ended(AsyncResult<TradeResult> outcome);
  }
}
