package io.playerservice.support;

import io.vertx.core.Future;

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
    List<Future<?>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      loops.add(loop(c, keepGoing, step));
    }
    Future.all(loops).await();
  }

  private static Future<Void> loop(int client, Supplier<Boolean> keepGoing, IntFunction<Future<?>> step) {
    if (!keepGoing.get()) {
      return Future.succeededFuture();
    }
    return step.apply(client).compose(done -> loop(client, keepGoing, step));
  }
}
