package io.playerservice.idempotency;

import io.playerservice.metrics.IdempotencyMetrics;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Deletes expired Idempotency-Keys in the background, in statements of at most
 * {@link IdempotencyRepository#PURGE_BATCH} rows, one after another: never one large DELETE, which
 * on TiDB would be one huge transaction. A run stops after {@link #MAX_BATCHES_PER_RUN} statements
 * and leaves the rest to the next, so a backlog never hogs a connection. Several nodes purging the
 * same table only share the work.
 */
public final class KeyPurge {
  static final int MAX_BATCHES_PER_RUN = 100;
  private static final Duration MIN_PERIOD = Duration.ofSeconds(1);
  private static final Duration MAX_PERIOD = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(KeyPurge.class);

  private final Vertx vertx;
  private final IdempotencyRepository keys;
  private final IdempotencyMetrics metrics;

  private KeyPurge(Vertx vertx, Pool pool, IdempotencyMetrics metrics) {
    this.vertx = vertx;
    this.keys = new IdempotencyRepository(pool);
    this.metrics = metrics;
  }

  /** Purges every tenth of {@code ttl} (1 s to 5 min); returns the timer, to cancel on stop. */
  public static long start(Vertx vertx, Pool pool, Duration ttl, IdempotencyMetrics metrics) {
    KeyPurge purge = new KeyPurge(vertx, pool, metrics);
    Duration tenth = ttl.dividedBy(10);
    Duration period = tenth.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : tenth.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : tenth;
    return vertx.setPeriodic(period.toMillis(), id -> purge.batch(Instant.now(), 1, 0));
  }

  private void batch(Instant now, int batch, long total) {
    keys.purgeBatch(now)
        .onSuccess(rows -> {
          metrics.purged(rows);
          if (rows == IdempotencyRepository.PURGE_BATCH && batch < MAX_BATCHES_PER_RUN) {
            vertx.runOnContext(v -> batch(now, batch + 1, total + rows));
          } else if (total + rows > 0) {
            LOG.debug("purged {} expired Idempotency-Keys in {} statements", total + rows, batch);
          }
        })
        // The database is down or busy: the next run tries again; the request path reports outages.
        .onFailure(failure -> LOG.debug("purging expired Idempotency-Keys failed: {}", failure.toString()));
  }
}
