package io.playerservice.bus;

import io.playerservice.admission.Bulkhead;
import io.playerservice.admission.Waiter;
import io.playerservice.error.ApiError;
import io.playerservice.idempotency.IdempotencyKey;
import io.playerservice.operation.Operation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance's consumers of the bus API: each message passes admission by its operation's requestClass,
 * runs its use case, and is answered once by a {@link BusRequest}. Counts the requests in flight,
 * so a shutdown can wait for them.
 */
final class BusConsumers {
  /** How often a drain looks whether the requests in flight have been answered. */
  private static final long DRAIN_POLL_MS = 20;

  /** A use case on the bus: the request body and its Idempotency-Key (null: none). */
  @FunctionalInterface
  interface UseCase {
    Future<?> apply(JsonObject body, IdempotencyKey key);
  }

  private final Vertx vertx;
  private final String prefix;
  private final Bulkhead admission;
  /** REQUEST_TIMEOUT_MS: a request not answered by then gets a 504, as over HTTP. */
  private final long timeoutMs;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  private final List<Future<Void>> registrations = new ArrayList<>();
  /** Requests taken and not yet ended, answered or not. */
  private final AtomicInteger inFlight = new AtomicInteger();

  BusConsumers(Vertx vertx, String prefix, Bulkhead admission, long timeoutMs) {
    this.vertx = vertx;
    this.prefix = prefix;
    this.admission = admission;
    this.timeoutMs = timeoutMs;
  }

  void bind(String address, Operation operation, UseCase useCase) {
    MessageConsumer<Object> consumer = vertx.eventBus()
        .consumer(prefix + address, message -> handle(message, operation, useCase));
    consumers.add(consumer);
    registrations.add(consumer.completion());
  }

  /** Completes once every registration has reached the cluster. */
  Future<Void> registered() {
    return Future.all(registrations).mapEmpty();
  }

  Future<Void> drain(long graceMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
    Promise<Void> drained = Promise.promise();
    Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
        .onComplete(unregistered -> awaitIdle(deadline, drained));
    return drained.future();
  }

  private void awaitIdle(long deadline, Promise<Void> drained) {
    if (inFlight.get() == 0 || System.nanoTime() - deadline >= 0) {
      drained.complete();
    } else {
      vertx.setTimer(DRAIN_POLL_MS, id -> awaitIdle(deadline, drained));
    }
  }

  private void handle(Message<Object> message, Operation operation, UseCase useCase) {
    IdempotencyKey key;
    try { // only the creating operations take a key; the others ignore it, as HTTP's routes do
      key = operation.takesKey() ? IdempotencyKey.from(message.headers().getAll(IdempotencyKey.HEADER)) : null;
    } catch (ApiError malformedKey) { // a 400 before admission: nothing was done
      message.fail(malformedKey.status(), malformedKey.detail());
      return;
    }
    inFlight.incrementAndGet();
    BusRequest request = new BusRequest(vertx, message, timeoutMs, operation, key != null);
    admission.enter(operation.requestClass(), new Waiter() {
      @Override
      public void admit() {
        run(message, useCase, key, request, operation);
      }

      @Override
      public void shed() {
        inFlight.decrementAndGet();
        request.complete(Future.failedFuture(ApiError.unavailable(Bulkhead.OVERLOADED)));
      }

      @Override
      public boolean gone() {
        return request.answered();
      }
    });
  }

  /** Runs an admitted request; its places are given back once it has ended, answered or not. */
  private void run(Message<Object> message, UseCase useCase, IdempotencyKey key, BusRequest request,
      Operation operation) {
    long admitted = System.nanoTime();
    Future<?> reply;
    try {
      if (!(message.body() instanceof JsonObject body)) {
        throw ApiError.invalid("the request must be a JSON object");
      }
      reply = useCase.apply(body, key);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(result -> {
      inFlight.decrementAndGet(); // only now: a request answered 504 still holds the pool until it ends
      admission.leave(operation.requestClass(), admitted);
      request.complete(result);
    });
  }
}
