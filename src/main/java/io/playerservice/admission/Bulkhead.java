package io.playerservice.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.config.ServiceConfig;
import io.playerservice.error.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * One verticle instance's admission to its database pool: a place per connection, so requests wait
 * here, where their wait is measured, and not in the pool; and a bulkhead between the expensive reads
 * and money, with no rest periods:
 *
 * <ul>
 *   <li>when a place frees, a waiting ordinary request (a trade, a create, an update, a point read)
 *       takes it before any waiting listing;
 *   <li>while ordinary requests are at work, listings hold at most their share of the places
 *       ({@code readConnectionsPerInstance}), so the others always find one;
 *   <li>otherwise a listing takes any free place at once (work-conserving): with no ordinary request
 *       at work or waiting, there is nothing to keep places for.
 * </ul>
 *
 * <p>How long a waiter may wait, and in which order waiters are served, is the {@link WaitingRoom}'s.
 * ADMISSION_BULKHEAD=false (for benchmarks) makes listings ordinary requests. On its event loop only:
 * no locks.
 */
public final class Bulkhead {
  /** The detail of every shed answer, on HTTP and the event bus alike. */
  public static final String OVERLOADED = "the service is overloaded; nothing was changed; try again shortly";
  /** The classes in the order they rank for a free place (values() copies its array at each call). */
  private static final RequestClass[] RANKED = RequestClass.values();

  private final Vertx vertx;
  private final Places places;
  private final boolean separateListings;
  private final WaitingRoom room;

  /** The instance's shares of the pool, of the waiting room and for listings, and the deadline, from {@code config}. */
  public Bulkhead(Vertx vertx, ServiceConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.places = new Places(config.connectionsPerInstance(), config.readConnectionsPerInstance());
    this.separateListings = config.admissionBulkhead();
    this.room = new WaitingRoom(vertx, config.waitQueuePerInstance(), config.requestTimeoutMs(),
        config.admissionMaxWaitMs(), registry, this::dispatch);
  }

  /** True when a request arriving now would wait but the room is full: 503 before its body is read. Counts it. */
  public boolean shedsAtOnce(RequestClass requestClass) {
    RequestClass as = as(requestClass);
    if (!room.full() || mayEnter(as)) {
      return false;
    }
    room.countFull(as);
    return true;
  }

  /** Admits {@code waiter} now or later, or sheds it; once admitted, it must {@link #leave} once its work has ended. */
  public void enter(RequestClass requestClass, Waiter waiter) {
    RequestClass as = as(requestClass);
    if (mayEnter(as)) {
      places.take(as);
      waiter.admit();
    } else if (room.full()) {
      room.countFull(as);
      waiter.shed();
    } else {
      room.add(as, onOwnContext(vertx.getOrCreateContext(), as, waiter), System.nanoTime());
    }
  }

  /** A request of {@code requestClass} admitted at {@code admittedNanos} has ended: its place goes to a waiter. */
  public void leave(RequestClass requestClass, long admittedNanos) {
    RequestClass as = as(requestClass);
    room.measured(as, System.nanoTime() - admittedNanos);
    release(as);
  }

  /**
   * Runs {@code work} once admitted as {@code requestClass}, and leaves when it ends; fails with the
   * overload 503 when shed. For work that no request waits on alone, such as the shared COUNT.
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
        done.fail(ApiError.unavailable(OVERLOADED));
      }

      @Override
      public boolean gone() {
        return false;
      }
    });
    return done.future();
  }

  private RequestClass as(RequestClass requestClass) {
    return requestClass == RequestClass.LISTING && !separateListings ? RequestClass.ORDINARY : requestClass;
  }

  /** Whether a request of the class may start now: nobody it must let go first waits, and it finds a place. */
  private boolean mayEnter(RequestClass requestClass) {
    return room.waiting(RequestClass.ORDINARY) == 0
        && (requestClass != RequestClass.LISTING || room.waiting(RequestClass.LISTING) == 0)
        && places.free(requestClass);
  }

  private void release(RequestClass requestClass) {
    if (places.release(requestClass)) {
      dispatch();
    }
  }

  /** Gives the free places to the waiters: ordinary requests first, then counts and listings. */
  private void dispatch() {
    long now = System.nanoTime();
    for (RequestClass requestClass : RANKED) {
      Waiter next;
      while (places.free(requestClass) && (next = room.next(requestClass, now)) != null) {
        places.take(requestClass);
        next.admit();
      }
      if (room.waiting(RequestClass.ORDINARY) > 0) {
        return; // no place is left, and the others must let those go first
      }
    }
  }

  /**
   * A waiter admitted from the room starts in an event-loop task of its own, on the context it arrived
   * on ({@code own}): in the leaving request's task, a run of quick requests would each admit the next
   * and hold the loop; on the leaving request's context, it would take that request's log tags and
   * trace span. Gone by then, it gives its place back.
   */
  private Waiter onOwnContext(Context own, RequestClass requestClass, Waiter waiter) {
    return new RelayWaiter(waiter) {
      @Override
      public void admit() {
        own.runOnContext(v -> {
          if (waiter.gone()) {
            release(requestClass);
          } else {
            waiter.admit();
          }
        });
      }
    };
  }
}
