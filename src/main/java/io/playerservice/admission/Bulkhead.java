package io.playerservice.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.error.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * One verticle instance's places at its database pool, with a bulkhead between expensive reads
 * and money. Every request takes one of the instance's places ({@link Admission}, a place per
 * connection); an expensive read (a listing, the count's statement) first takes one of the fewer
 * read places, waiting and shed by the same rules. So reads never hold more than their share of
 * the connections, and trades, creates and updates always find one, however many clients hammer
 * the listings. A read's wait for both places together stays within {@code ADMISSION_MAX_WAIT_MS};
 * its read place rests after use while others work ({@link ReadRest}).
 *
 * <p>On its event loop only, as {@link Admission} is.
 */
public final class Bulkhead {
  private final Vertx vertx;
  private final Admission all;
  private final Admission reads;
  private final Admission counts;
  private final ReadRest rest;

  /**
   * {@code connections} places, {@code readPlaces} of which reads may hold; the waiting rooms,
   * the longest wait and the metrics as {@link Admission} takes them.
   */
  public Bulkhead(Vertx vertx, int connections, int readPlaces, int maxWaiting, long maxWaitMs, MeterRegistry registry) {
    this.vertx = vertx;
    this.all = new Admission(vertx, connections, maxWaiting, maxWaitMs, registry, "all");
    this.reads = new Admission(vertx, readPlaces, maxWaiting, maxWaitMs, registry, "reads");
    this.counts = new Admission(vertx, readPlaces, maxWaiting, maxWaitMs, registry, "count");
    this.rest = new ReadRest(vertx);
  }

  /** True when a request arriving now would be shed at once (a waiting room is full). Counts it. */
  public boolean shedsAtOnce(RequestClass requestClass) {
    return switch (requestClass) {
      case ORDINARY -> all.shedsAtOnce();
      case LISTING -> all.shedsAtOnce() || reads.shedsAtOnce();
      case COUNT -> counts.shedsAtOnce();
    };
  }

  /** Admits {@code waiter} now or later, or sheds it; once admitted, it must {@link #leave} once done. */
  public void enter(RequestClass requestClass, Waiter waiter) {
    long arrived = System.nanoTime();
    Waiter queued = onOwnContext(vertx.getOrCreateContext(), requestClass, waiter);
    switch (requestClass) {
      case ORDINARY -> enterAll(waiter, queued, arrived, false);
      case COUNT -> {
        switch (counts.tryEnter()) {
          case ADMITTED -> waiter.admit();
          case SHED -> waiter.shed();
          case MUST_WAIT -> counts.await(queued, arrived);
        }
      }
      case LISTING -> {
        switch (reads.tryEnter()) {
          case ADMITTED -> enterAll(waiter, queued, arrived, true);
          case SHED -> waiter.shed();
          case MUST_WAIT -> reads.await(new RelayWaiter(waiter) {
            @Override
            public void admit() {
              enterAll(queued, queued, arrived, true);
            }
          }, arrived);
        }
      }
    }
  }

  /**
   * A request of {@code requestClass} admitted at {@code admittedNanos} is done: its places go to the next
   * waiters, a read's own place after its rest.
   */
  public void leave(RequestClass requestClass, long admittedNanos) {
    switch (requestClass) {
      case ORDINARY -> {
        all.leave();
        rest.otherLeft();
      }
      case LISTING -> {
        all.leave();
        rest.release(reads, admittedNanos);
      }
      case COUNT -> rest.release(counts, admittedNanos);
    }
  }

  /**
   * Runs {@code work} once admitted to {@code requestClass}, and leaves when it ends; fails with the
   * overload 503 when shed. For work that no request waits on alone, such as the shared count.
   */
  public <T> Future<T> admit(RequestClass requestClass, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    enter(requestClass, new Waiter() {
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
          leave(requestClass, admitted);
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
   * own, on the context it arrived on ({@code own}): in the leaving request's task, a run of quick
   * requests would each admit the next and hold the loop; on the leaving request's context, it would
   * take that request's log tags and trace span. Gone by then, it gives its places back.
   */
  private Waiter onOwnContext(Context own, RequestClass requestClass, Waiter waiter) {
    return new RelayWaiter(waiter) {
      @Override
      public void admit() {
        own.runOnContext(v -> {
          if (waiter.gone()) {
            leave(requestClass, System.nanoTime());
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
  private void enterAll(Waiter now, Waiter queued, long arrived, boolean holdsRead) {
    switch (all.tryEnter()) {
      case ADMITTED -> {
        entered(holdsRead);
        now.admit();
      }
      case SHED -> {
        release(holdsRead);
        queued.shed();
      }
      case MUST_WAIT -> all.await(new RelayWaiter(queued) {
        @Override
        public void admit() {
          entered(holdsRead);
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

  private void entered(boolean read) {
    if (!read) {
      rest.otherEntered();
    }
  }

  private void release(boolean holdsRead) {
    if (holdsRead) {
      reads.leave();
    }
  }
}
