package io.playerservice.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.playerservice.telemetry.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metrics through Micrometer: one registry, made where the process starts and passed to the
 * service, which counts trades, sheds, refused connections and idempotent replays in it and
 * serves it at {@code GET /metrics}. A Vert.x built by {@link #vertx} reports its own HTTP, pool
 * and event-bus meters (vertx-micrometer-metrics) to the same registry.
 */
public final class Metrics {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private Metrics() {
  }

  /** A registry that {@code GET /metrics} serves in Prometheus' text format. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * {@code options} with the service's event loops, also for what measures against it (sqlbench):
   * one per core, as many as the API instances by default (VERTICLE_INSTANCES), so that the
   * deployment's own context (the feed's reader and announcements, readiness, the key purge) shares
   * a loop with an instance instead of an idle thread each trade's announcement wakes; on Netty's
   * epoll from the runnable's class path on Linux x86-64 and aarch64 (the pom), the JDK's transport
   * where its library does not load, or with -Dio.netty.transport.noNative=true.
   */
  public static VertxOptions serviceLoops(VertxOptions options) {
    return options.setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()).setPreferNativeTransport(true);
  }

  /**
   * A builder of a Vert.x as the service runs on: with {@code options}, on Netty's native epoll
   * where it loads, its own meters going to {@code registry}, and traces when the OTEL_*
   * variables ask for them ({@link Tracing}).
   */
  public static VertxBuilder vertx(VertxOptions options, MeterRegistry registry) {
    return Tracing.fromEnvironment(Vertx.builder()
        .with(serviceLoops(options).setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            // vertx-micrometer-metrics keeps each Vert.x's backend in a static map under this
            // name, so every Vert.x in the JVM needs a name of its own. Nothing looks it up.
            .setRegistryName("player-service-" + SEQUENCE.incrementAndGet())
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)
                // Histogram buckets, so that latency percentiles (a p99 of the trades, say) can
                // be taken from a scrape, across instances and over any window.
                .setPublishQuantiles(true))))
        .withMetrics(new MicrometerMetricsFactory(registry)));
  }
}
