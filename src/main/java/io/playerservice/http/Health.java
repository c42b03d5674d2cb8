package io.playerservice.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Liveness and readiness for orchestrators (vertx-health-check): live while the event loops
 * answer; ready while the database answers too. Both reply 200 or 503 with a JSON outcome.
 */
final class Health {
  /** A readiness probe must answer quickly even when the database hangs. */
  static final long DATABASE_TIMEOUT_MS = 2000;

  private Health() {
  }

  static HealthCheckHandler live(Vertx vertx) {
    return HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK())));
  }

  /**
   * The ping gets its own deadline, shorter than the procedure's: a procedure that times out is
   * reported as a 500 by vertx-health-check, but a hung database means "not ready", a 503.
   */
  static HealthCheckHandler ready(Vertx vertx, Supplier<Future<?>> databasePing) {
    return HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("database", DATABASE_TIMEOUT_MS + 1000, promise -> databasePing.get()
            .timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .onComplete(ping -> promise.complete(ping.succeeded() ? Status.OK() : Status.KO()))));
  }
}
