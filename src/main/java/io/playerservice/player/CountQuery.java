package io.playerservice.player;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One COUNT statement shared by every request that joins it. The requests wait on a lock-free
 * stack that is sealed when the answer arrives; a request that finds it sealed takes the answer
 * at once. Each gets its answer on its own context.
 */
final class CountQuery {
  /** The end of the stack once the answer has arrived: nobody may join any more. */
  private static final Waiting SEALED = new Waiting(null, null);

  final Supplier<Future<Long>> query;
  /** Where {@link #query} runs: the context of the instance that made this query. */
  final Context context;
  private final AtomicReference<Waiting> waiting = new AtomicReference<>();
  /** When the statement was sent; set before anyone can see the query as the current one. */
  volatile long sentNanos;
  /** Set before the stack is sealed, so whoever finds it sealed finds this. */
  private volatile AsyncResult<PlayerCount.Count> result;

  CountQuery(Supplier<Future<Long>> query, Context context) {
    this.query = query;
    this.context = context;
  }

  /** Waits for this query's answer on the caller's {@code context}. */
  Future<PlayerCount.Count> join(Context context) {
    Waiting me = new Waiting(context, Promise.promise());
    while (true) {
      Waiting top = waiting.get();
      if (top == SEALED) {
        me.answer(result);
        break;
      }
      me.below = top;
      if (waiting.compareAndSet(top, me)) {
        break;
      }
    }
    return me.promise.future();
  }

  /** The answer goes to everyone waiting, and to whoever joins later. */
  void answer(AsyncResult<PlayerCount.Count> answer) {
    result = answer;
    for (Waiting w = waiting.getAndSet(SEALED); w != null; w = w.below) {
      w.answer(answer);
    }
  }

  /** A request waiting for the answer, answered on its own context. */
  private static final class Waiting {
    final Context context;
    final Promise<PlayerCount.Count> promise;
    Waiting below;

    Waiting(Context context, Promise<PlayerCount.Count> promise) {
      this.context = context;
      this.promise = promise;
    }

    void answer(AsyncResult<PlayerCount.Count> result) {
      context.runOnContext(v -> promise.handle(result));
    }
  }
}
