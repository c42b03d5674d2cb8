package io.playerservice.bus;

import io.playerservice.error.ApiError;
import io.playerservice.error.Failures;
import io.playerservice.error.UnavailableLog;
import io.playerservice.idempotency.StoredAnswer;
import io.playerservice.operation.Operation;
import io.playerservice.player.PlayerCount;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request taken from the event bus, answered exactly once: by its result, or by a 504 when
 * {@code REQUEST_TIMEOUT_MS} passes first, as over HTTP. Failures go through the same
 * {@link Failures} and {@link Operation#advise} as HTTP, so the status and detail are the same.
 */
final class BusRequest {
  private static final Logger LOG = LoggerFactory.getLogger(BusRequest.class);

  private final Vertx vertx;
  private final Message<Object> message;
  private final Operation operation;
  private final boolean keyed;
  private final AtomicBoolean answered = new AtomicBoolean();
  private final long timer;

  /** {@code keyed}: whether the request carried an Idempotency-Key, for the advice of an unknown outcome. */
  BusRequest(Vertx vertx, Message<Object> message, long timeoutMs, Operation operation, boolean keyed) {
    this.vertx = vertx;
    this.message = message;
    this.operation = operation;
    this.keyed = keyed;
    this.timer = vertx.setTimer(timeoutMs, id -> fail(ApiError.timeout(), null));
  }

  /** True once answered (by the deadline, say): nobody waits for this request's result. */
  boolean answered() {
    return answered.get();
  }

  /** Answers with {@code result}, or, when the deadline answered first, logs how it ended. */
  void complete(AsyncResult<?> result) {
    vertx.cancelTimer(timer);
    if (result.succeeded()) {
      if (answered.compareAndSet(false, true)) {
        reply(result.result());
      } else {
        LOG.info("{} finished after its 504: succeeded", message.address());
      }
    } else if (answered.get()) {
      ApiError error = Failures.classify(result.cause());
      LOG.info("{} finished after its 504: {} {} ({})", message.address(), error.status(), error.detail(),
          result.cause().toString());
    } else {
      fail(Failures.classify(result.cause()), result.cause());
    }
  }

  private void fail(ApiError classified, Throwable cause) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    ApiError error = operation.advise(classified, keyed);
    if (error.status() == 503 || error.status() == 504) {
      UnavailableLog.record(message.address(), error.status(), cause);
    } else if (error.status() >= 500) {
      LOG.error("{} failed with {}", message.address(), error.status(), cause);
    }
    message.fail(error.status(), error.detail());
  }

  /**
   * A {@link StoredAnswer} replies with its body, and says when it is a replay; a count says how old it
   * is, with HTTP's headers; anything else as it is.
   */
  private void reply(Object result) {
    if (result instanceof StoredAnswer answer) {
      message.reply(answer.body(), answer.replayed()
          ? new DeliveryOptions().addHeader(StoredAnswer.REPLAYED_HEADER, "true") : new DeliveryOptions());
    } else if (result instanceof PlayerCount.Count count) {
      message.reply(count.toJson(), new DeliveryOptions().addHeader("Age", String.valueOf(count.ageSeconds()))
          .addHeader("Cache-Control", count.cacheControl()));
    } else {
      message.reply(result);
    }
  }
}
