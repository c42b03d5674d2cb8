package io.playerservice.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.error.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One verticle instance's places at its database pool, with a bulkhead between expensive reads
 * and money. Every request takes one of the instance's places ({@link Admission}, a place per
 * connection); an expensive read (a list page, a ledger listing, the count's statement) first
 * takes one of the fewer read places, waiting and shed by the same rules. So reads never hold
 * more than their share of the connections, and trades, creates and updates always find one,
 * however many clients hammer the listings. A read's wait for both places together stays within
 * {@code ADMISSION_MAX_WAIT_MS}.
 *
 * <p>Places bound connections, not the CPU, and reads that follow one another without a pause
 * (1000-row pages; counts answered from memory) would take the event loop's and the database's
 * turns from trades however few they are. So while other requests are at work on the instance
 * (or one left less than 100 ms ago),
 * a read place rests after each read five times as long as the read held it (at least 5 ms):
 * reads then get at most a sixth of their places' time. With nothing else at work,
 * they run freely.
 * The rest is at most {@link #MAX_REST_MS}.
 *
 * <p>On its event loop only, as {@link Admission} is.
 */
public final class Places {
  /** Which places a request needs. */
  public enum Lane {
    /** A place of the instance: everything but the expensive reads. */
    ALL,
    /** An expensive read: a read place, then a place of the instance. */
    READS,
    /**
     * The count: a count place only. It holds no connection (it is answered from memory, or waits
     * for the one shared statement, which takes its places as a read), but a flood of cheap counts
     * must not take the event loop's turns from trades.
     */
    COUNT
  }

  /**
   * How long a read place rests per millisecond a read held it, while others work: reads get at
   * most a sixth of their places' time. BulkheadTest: a rest as long as the hold (a half) kept
   * the trade p99 within 2x of its p99 alone in four runs of six; three times as long (with a 50 ms
   * cap) gave 1.81x to 2.42x on a quiet machine, too close to the bound; five times, 1.70x and 1.71x.
   */
  private static final long REST_PER_HELD = 5;
  /**
   * The shortest rest: a count answered from memory holds its place for microseconds, and without
   * a floor 16 clients asking for it took a thousand answers a second from each instance's loop.
   */
  private static final long MIN_REST_MS = 5;
  /**
   * The longest rest of a read place: a page holds one for a few milliseconds, a COUNT of a large
   * table for tens; a read slowed by a hiccup must not make the reads behind it wait much longer.
   */
  private static final long MAX_REST_MS = 200;

  private final Vertx vertx;
  private final Admission all;
  private final Admission reads;
  private final Admission counts;
  /**
   * Others count as at work this long after the last of them left: a client that trades in a loop
   * has no trade in flight between an answer and its next request, and reads must not run freely
   * in those gaps (BulkheadTest, within the whole suite: the trade p99 while reads hammer was 2.4x and
   * 2.8x its p99 alone without this window; alone, with it, 1.31x and 1.33x).
   */
  private static final long BUSY_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Requests of {@link Lane#ALL} admitted and not yet left: trades, writes, point reads. */
  private int others;
  /** When the last of them left ({@link System#nanoTime()}). */
  private long otherLeftNanos = System.nanoTime() - BUSY_WINDOW_NANOS;

  /**
   * {@code connections} places, {@code readPlaces} of which reads may hold; the waiting rooms,
   * the longest wait and the metrics as {@link Admission} takes them.
   */
  public Places(Vertx vertx, int connections, int readPlaces, int maxWaiting, long maxWaitMs, MeterRegistry registry) {
    this.vertx = vertx;
    this.all = new Admission(vertx, connections, maxWaiting, maxWaitMs, registry, "all");
    this.reads = new Admission(vertx, readPlaces, maxWaiting, maxWaitMs, registry, "reads");
    this.counts = new Admission(vertx, readPlaces, maxWaiting, maxWaitMs, registry, "count");
  }

  /** True when a request arriving now would be shed at once (a waiting room is full). Counts it. */
  public boolean shedsAtOnce(Lane lane) {
    return switch (lane) {
      case ALL -> all.shedsAtOnce();
      case READS -> all.shedsAtOnce() || reads.shedsAtOnce();
      case COUNT -> counts.shedsAtOnce();
    };
  }

  /** Admits {@code waiter} now or later, or sheds it; once admitted, it must {@link #leave} once done. */
  public void enter(Lane lane, Admission.Waiter waiter) {
    long arrived = System.nanoTime();
    Admission.Waiter queued = later(vertx.getOrCreateContext(), lane, waiter);
    if (lane == Lane.ALL) {
      enterAll(waiter, queued, arrived, false);
      return;
    }
    if (lane == Lane.COUNT) {
      switch (counts.tryEnter()) {
        case ADMITTED -> waiter.admit();
        case SHED -> waiter.shed();
        case MUST_WAIT -> counts.await(queued, arrived);
      }
      return;
    }
    switch (reads.tryEnter()) {
      case ADMITTED -> enterAll(waiter, queued, arrived, true);
      case SHED -> waiter.shed();
      case MUST_WAIT -> reads.await(new Forwarding(waiter) {
        @Override
        public void admit() {
          enterAll(queued, queued, arrived, true);
        }
      }, arrived);
    }
  }

  /**
   * A request of {@code lane} admitted at {@code admittedNanos} is done: its places go to the next
   * waiters; a read's own place after its rest (see the class comment).
   */
  public void leave(Lane lane, long admittedNanos) {
    if (lane != Lane.COUNT) {
      all.leave();
    }
    if (lane == Lane.ALL) {
      others--;
      otherLeftNanos = System.nanoTime();
      return;
    }
    Admission own = lane == Lane.READS ? reads : counts;
    if (others == 0 && System.nanoTime() - otherLeftNanos > BUSY_WINDOW_NANOS) {
      own.leave();
    } else {
      // Capped, so that a read slowed by a hiccup (a stall of the database, a GC) does not make
      // the reads behind it wait twice as long and be shed.
      long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - admittedNanos);
      long restMs = Math.min(MAX_REST_MS, Math.max(MIN_REST_MS, REST_PER_HELD * heldMs));
      vertx.setTimer(restMs, id -> own.leave());
    }
  }

  /**
   * Runs {@code work} once admitted to {@code lane}, and leaves when it ends; fails with the
   * overload 503 when shed. For work that no request waits on alone, such as the shared count.
   */
  public <T> Future<T> admit(Lane lane, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    enter(lane, new Admission.Waiter() {
      @Override
      public void admit() {
        long admitted = System.nanoTime();
        Future<T> result;
        try {
          result = work.get();
        } catch (RuntimeException e) {
          result = Future.failedFuture(e);
        }
        result.onComplete(ended -> {
          leave(lane, admitted);
          done.handle(ended);
        });
      }

      @Override
      public void shed() {
        done.fail(ApiError.unavailable(Admission.OVERLOADED));
      }

      @Override
      public boolean gone() {
        return false;
      }
    });
    return done.future();
  }

  /**
   * A waiter admitted from a queue, when another request left, starts in an event-loop task of its
   * own, on its own context ({@code own}, where it arrived):
   * <ul>
   *   <li>admitted in the leaving request's task, a run of quick requests (counts answered from
   *   memory) would each admit the next and hold the event loop, and a trade's answer from the
   *   database would wait behind the whole run;</li>
   *   <li>on the leaving request's context, it would take that request's context-local state: its
   *   log tags, and the trace span its statements belong to.</li>
   * </ul>
   * Its places are held meanwhile; gone by then, it gives them back. A shed costs no task: it only
   * writes the prebuilt answer.
   */
  private Admission.Waiter later(Context own, Lane lane, Admission.Waiter waiter) {
    return new Forwarding(waiter) {
      @Override
      public void admit() {
        own.runOnContext(v -> {
          if (waiter.gone()) {
            leave(lane, System.nanoTime());
          } else {
            waiter.admit();
          }
        });
      }
    };
  }

  /**
   * {@code now} is admitted if a place is free at once, {@code queued} when one frees later. A read
   * that holds a read place gives it back if it is shed or skipped before it is admitted.
   */
  private void enterAll(Admission.Waiter now, Admission.Waiter queued, long arrived, boolean holdsRead) {
    switch (all.tryEnter()) {
      case ADMITTED -> {
        countOther(holdsRead);
        now.admit();
      }
      case SHED -> {
        release(holdsRead);
        queued.shed();
      }
      case MUST_WAIT -> all.await(new Forwarding(queued) {
        @Override
        public void admit() {
          countOther(holdsRead);
          queued.admit();
        }

        @Override
        public void shed() {
          release(holdsRead);
          queued.shed();
        }

        @Override
        public void skipped() {
          release(holdsRead);
        }
      }, arrived);
    }
  }

  private void countOther(boolean read) {
    if (!read) {
      others++;
    }
  }

  private void release(boolean holdsRead) {
    if (holdsRead) {
      reads.leave();
    }
  }

  /**
   * A waiter standing in for {@code to} in one queue: a shed, the question whether anyone still
   * waits, and a skip pass on to {@code to}; what admission starts is its own.
   */
  private abstract static class Forwarding implements Admission.Waiter {
    private final Admission.Waiter to;

    Forwarding(Admission.Waiter to) {
      this.to = to;
    }

    @Override
    public void shed() {
      to.shed();
    }

    @Override
    public boolean gone() {
      return to.gone();
    }

    @Override
    public void skipped() {
      to.skipped();
    }
  }
}
