package io.playerservice.player;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
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
 * before. A request finds a fresh enough answer, or joins the COUNT in flight when that was sent
 * recently enough, or else joins the next one, which is sent as soon as the one in flight returns.
 * With {@code maxAge} 0 every request gets a count sent after it arrived, and those that arrive
 * during one COUNT still share the next.
 *
 * <p>Instances run on event loops of their own, so the state is one atomic reference to an
 * immutable value, and each {@link CountQuery} keeps its waiting requests on a lock-free stack: no
 * lock, no blocking. Each request gets its answer back on its own context.
 */
public final class PlayerCount {
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

  /** The last answer, the COUNT in flight, and the one that takes those too late for it. */
  private record State(Count last, CountQuery current, CountQuery next) {
  }

  /**
   * A count no older than the promise above, on the caller's context. When this call must send
   * a COUNT, it runs {@code query} (the caller's instance's, admitted there as a read), so the
   * statement and its connection stay on the caller's event loop.
   */
  public Future<Count> get(Vertx vertx, Supplier<Future<Long>> query) {
    long arrived = System.nanoTime();
    Context me = vertx.getOrCreateContext();
    while (true) {
      State now = state.get();
      if (now.last != null && arrived - now.last.takenNanos <= maxAgeNanos) {
        return Future.succeededFuture(now.last);
      }
      if (now.current == null) {
        CountQuery first = new CountQuery(query, me);
        first.sentNanos = System.nanoTime();
        if (state.compareAndSet(now, new State(now.last, first, null))) {
          Future<Count> answer = first.join(me);
          send(first);
          return answer;
        }
      } else if (arrived - now.current.sentNanos <= maxAgeNanos) {
        return now.current.join(me);
      } else if (now.next != null) {
        return now.next.join(me);
      } else if (state.compareAndSet(now, new State(now.last, now.current, new CountQuery(query, me)))) {
        continue; // join it on the next turn
      }
    }
  }

  private void send(CountQuery sent) {
    Future<Long> counted;
    try {
      counted = sent.query.get();
    } catch (RuntimeException e) {
      counted = Future.failedFuture(e);
    }
    counted.map(value -> new Count(value, sent.sentNanos, maxAgeMs)).onComplete(result -> returned(sent, result));
  }

  /** The answer goes to those waiting for it; the next query, if anyone joined one, is sent. */
  private void returned(CountQuery sent, AsyncResult<Count> result) {
    State now;
    State after;
    do {
      now = state.get();
      if (now.next != null) {
        now.next.sentNanos = System.nanoTime();
      }
      after = new State(result.succeeded() ? result.result() : now.last, now.next, null);
    } while (!state.compareAndSet(now, after));
    sent.answer(result);
    CountQuery next = after.current;
    if (next != null) { // on the event loop of the instance whose query it is
      next.context.runOnContext(v -> send(next));
    }
  }
}
