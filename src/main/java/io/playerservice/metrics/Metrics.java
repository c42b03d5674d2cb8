package io.playerservice.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.playerservice.telemetry.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metrics through vertx-micrometer-metrics with a Prometheus registry: Vert.x's own HTTP, pool
 * and event-bus meters, plus the service's trade counters. Each Vert.x gets a registry of its
 * own (Micrometer's default one is shared by name across the JVM, and closing one Vert.x would
 * close it under the others); an embedder's Vert.x built without metrics simply has none.
 */
public final class Metrics {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final String LOCAL_MAP = "player-service";
  private static final String REGISTRY_KEY = "metrics-registry";

  private Metrics() {
  }

  /** A Vert.x with its own Prometheus registry, and traces when the OTEL_* variables ask for them. */
  public static Vertx vertx() {
    String name = newRegistryName();
    return remember(Tracing.fromEnvironment(Vertx.builder().with(options(name))).build(), name);
  }

  /** Options with Micrometer on, reporting to the Prometheus registry {@code name}. */
  public static VertxOptions options(String name) {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(name)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)
            // Histogram buckets, so that latency percentiles (a p99 of the trades, say) can be
            // taken from a scrape, across instances and over any window.
            .setPublishQuantiles(true)));
  }

  /** A fresh registry name, for a Vert.x built elsewhere with {@link #options(String)}. */
  public static String newRegistryName() {
    return "player-service-" + SEQUENCE.incrementAndGet();
  }

  /** Records which registry {@code vertx} reports to, so its verticles can find it. */
  public static Vertx remember(Vertx vertx, String name) {
    vertx.sharedData().getLocalMap(LOCAL_MAP).put(REGISTRY_KEY, name);
    return vertx;
  }

  /** The registry name of {@code vertx}, or null when it has no metrics. */
  public static String registryName(Vertx vertx) {
    return (String) vertx.sharedData().getLocalMap(LOCAL_MAP).get(REGISTRY_KEY);
  }

  /** The registry {@code vertx} reports to, or null when it has no metrics. */
  public static MeterRegistry registry(Vertx vertx) {
    String name = registryName(vertx);
    return name == null ? null : BackendRegistries.getNow(name);
  }
}
