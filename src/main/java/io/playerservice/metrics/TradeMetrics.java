package io.playerservice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.error.ApiError;
import io.playerservice.error.Failures;

/**
 * {@code trades_total{outcome="ok|rejected|failed"}} and {@code trade_retries_total{code}}:
 * rejected is the client's answer (4xx), failed the service's (5xx).
 */
public final class TradeMetrics {
  private final MeterRegistry registry;
  private final Counter ok;
  private final Counter rejected;
  private final Counter failed;

  /** Counters in {@code registry}. */
  public TradeMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.ok = counter("ok");
    this.rejected = counter("rejected");
    this.failed = counter("failed");
  }

  public void succeeded() {
    ok.increment();
  }

  public void failed(Throwable failure) {
    ApiError error = Failures.classify(failure);
    (error.status() < 500 ? rejected : failed).increment();
  }

  public void retried(int code) {
    registry.counter("trade.retries", "code", String.valueOf(code)).increment();
  }

  private Counter counter(String outcome) {
    return Counter.builder("trades").tag("outcome", outcome)
        .description("Trades by outcome").register(registry);
  }
}
