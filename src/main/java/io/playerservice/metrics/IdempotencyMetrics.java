package io.playerservice.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code idempotent_replays_total{operation}}: stored answers given again;
 * {@code idempotency_key_reuses_total{operation}}: keys sent with a different request (422);
 * {@code idempotency_key_purge_rows}: rows each purge statement deleted (count, sum, max).
 */
public final class IdempotencyMetrics {
  private final MeterRegistry registry;
  private final DistributionSummary purged;

  /** Meters in {@code registry}. */
  public IdempotencyMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.purged = DistributionSummary.builder("idempotency.key.purge.rows")
        .description("Expired Idempotency-Keys deleted per purge statement").register(registry);
  }

  public void replayed(String operation) {
    registry.counter("idempotent.replays", "operation", operation).increment();
  }

  public void reused(String operation) {
    registry.counter("idempotency.key.reuses", "operation", operation).increment();
  }

  public void purged(int rows) {
    purged.record(rows);
  }
}
