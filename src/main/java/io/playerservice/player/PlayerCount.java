package io.playerservice.player;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The number of players, shared by every verticle instance of a deployment, so that a table of
 * millions is not scanned once per request: at most one COUNT runs at a time for all instances
 * (single flight), and its answer is reused while it is at most {@code COUNT_MAX_AGE_MS} old.
 *
 * <p>The promise: a request is answered with a count whose statement was sent at most
 * {@code maxAge} before the request arrived, so it reflects every write committed that long
 * before. A request finds a fresh enough answer, or boards the COUNT in flight when that was sent
 * recently enough, or else boards the next one, which is sent as soon as the one in flight lands.
 * With {@code maxAge} 0 every request gets a count sent after it arrived, and those that arrive
 * during one COUNT still share the next.
 *
 * <p>Instances run on event loops of their own, so the state is one atomic reference to an
 * immutable value, and each flight keeps its passengers on a lock-free stack that is sealed when
 * it lands: no lock, no blocking. Each passenger gets its answer back on its own context.
 */
public final class PlayerCount {
  /** The end of a flight's stack of passengers once it has landed: nobody may board any more. */
  private static final Passenger SEALED = new Passenger(null, null);

  private final long maxAgeNanos;
  private final long maxAgeMs;
  private final AtomicReference<State> state = new AtomicReference<>(new State(null, null, null));

  public PlayerCount(long maxAgeMs) {
    this.maxAgeMs = maxAgeMs;
    this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMs);
  }

  /** A count, and when its statement was sent ({@link System#nanoTime()}). */
  public record Count(long value, long takenNanos, long maxAgeMs) {
    /** Whole seconds since the statement was sent, for HTTP's {@code Age}. */
    public long ageSeconds() {
      return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - takenNanos);
    }

    /** {@code Cache-Control}: how long the answer may be reused, in the whole seconds HTTP has. */
    public String cacheControl() {
      return "max-age=" + TimeUnit.MILLISECONDS.toSeconds(maxAgeMs);
    }

    public JsonObject toJson() {
      return new JsonObject().put("count", value);
    }
  }

  /** The last answer, the COUNT in flight, and the one that boards those too late for it. */
  private record State(Count last, Flight current, Flight next) {
  }

  /**
   * A count no older than the promise above, on the caller's context. When this call must send
   * a COUNT, it runs {@code query} (the caller's instance's, admitted there as a read), so the
   * statement and its connection stay on the caller's event loop.
   */
  public Future<Count> get(Vertx vertx, Supplier<Future<Long>> query) {
    long arrived = System.nanoTime();
    Passenger me = new Passenger(vertx.getOrCreateContext(), Promise.promise());
    while (true) {
      State now = state.get();
      if (now.last != null && arrived - now.last.takenNanos <= maxAgeNanos) {
        return Future.succeededFuture(now.last);
      }
      if (now.current == null) {
        Flight flight = new Flight(query, me.context);
        flight.sentNanos = System.nanoTime();
        if (state.compareAndSet(now, new State(now.last, flight, null))) {
          board(flight, me);
          send(flight);
          return me.promise.future();
        }
      } else if (arrived - now.current.sentNanos <= maxAgeNanos) {
        board(now.current, me);
        return me.promise.future();
      } else if (now.next != null) {
        board(now.next, me);
        return me.promise.future();
      } else if (state.compareAndSet(now, new State(now.last, now.current, new Flight(query, me.context)))) {
        continue; // board it on the next turn
      }
    }
  }

  private void send(Flight flight) {
    Future<Long> counted;
    try {
      counted = flight.query.get();
    } catch (RuntimeException e) {
      counted = Future.failedFuture(e);
    }
    counted.map(value -> new Count(value, flight.sentNanos, maxAgeMs)).onComplete(result -> land(flight, result));
  }

  /** The flight's answer goes to its passengers; the next flight, if anyone boarded one, is sent. */
  private void land(Flight flight, AsyncResult<Count> result) {
    State now;
    State after;
    do {
      now = state.get();
      if (now.next != null) {
        now.next.sentNanos = System.nanoTime();
      }
      after = new State(result.succeeded() ? result.result() : now.last, now.next, null);
    } while (!state.compareAndSet(now, after));
    flight.result = result;
    for (Passenger p = flight.passengers.getAndSet(SEALED); p != null; p = p.below) {
      p.answer(result);
    }
    Flight next = after.current;
    if (next != null) { // on the event loop of the instance whose query it is
      next.context.runOnContext(v -> send(next));
    }
  }

  /** Boards {@code flight}, or, when it has landed meanwhile, takes its answer at once. */
  private static void board(Flight flight, Passenger me) {
    while (true) {
      Passenger top = flight.passengers.get();
      if (top == SEALED) {
        me.answer(flight.result);
        return;
      }
      me.below = top;
      if (flight.passengers.compareAndSet(top, me)) {
        return;
      }
    }
  }

  /** One COUNT statement, and who waits for it. */
  private static final class Flight {
    final Supplier<Future<Long>> query;
    /** Where {@link #query} runs: the context of the instance that made this flight. */
    final Context context;
    final AtomicReference<Passenger> passengers = new AtomicReference<>();
    /** When the statement was sent; set before anyone can see the flight as the current one. */
    volatile long sentNanos;
    /** Set before the stack is sealed, so whoever finds it sealed finds this. */
    volatile AsyncResult<Count> result;

    Flight(Supplier<Future<Long>> query, Context context) {
      this.query = query;
      this.context = context;
    }
  }

  /** A request waiting for a flight, answered on its own context. */
  private static final class Passenger {
    final Context context;
    final Promise<Count> promise;
    Passenger below;

    Passenger(Context context, Promise<Count> promise) {
      this.context = context;
      this.promise = promise;
    }

    void answer(AsyncResult<Count> result) {
      context.runOnContext(v -> promise.handle(result));
    }
  }
}
