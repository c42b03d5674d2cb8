package io.playerservice.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** Concurrent clients for tests: each runs its steps one after another, all clients at once. */
public final class Clients {
  private Clients() {
  }

  /** Runs {@code clients} loops of {@code step} until {@code keepGoing} says stop; waits for all. */
  public static void run(int clients, Supplier<Boolean> keepGoing, IntFunction<Future<?>> step) {
    List<Future<Void>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Promise<Void> done = Promise.promise();
      loop(c, keepGoing, step, done);
      loops.add(done.future());
    }
    Future.all(loops).await();
  }

  /** Each step starts from the last one's callback, so no future chain grows with the count. */
  private static void loop(int client, Supplier<Boolean> keepGoing, IntFunction<Future<?>> step,
      Promise<Void> done) {
    if (!keepGoing.get()) {
      done.complete();
      return;
    }
    step.apply(client).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else {
        loop(client, keepGoing, step, done);
      }
    });
  }
}
