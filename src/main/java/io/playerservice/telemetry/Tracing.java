package io.playerservice.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import io.playerservice.config.InvalidConfigException;
import io.vertx.core.VertxBuilder;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Whether this process traces, decided once when its Vert.x is built: OpenTelemetry through
 * vertx-opentelemetry, configured by the SDK's autoconfigure from the standard {@code OTEL_*}
 * variables (or their {@code otel.*} system properties).
 *
 * <p>Off unless asked for: {@code OTEL_TRACES_EXPORTER} names an exporter other than
 * {@code none}, or {@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}
 * names a collector; {@code OTEL_SDK_DISABLED=true} turns it off whatever else is set. Off, the
 * Vert.x gets no tracer at all, so servers and clients skip every tracing hook, and no SDK is built.
 * (The SDK itself would default to exporting to localhost:4317, which is no default for a service.)
 */
public final class Tracing {
  private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
  static final String SDK_DISABLED = "OTEL_SDK_DISABLED";
  static final String TRACES_EXPORTER = "OTEL_TRACES_EXPORTER";
  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private Tracing() {
  }

  /** {@code builder} with a tracer when the environment asks for traces; otherwise unchanged. */
  public static VertxBuilder fromEnvironment(VertxBuilder builder) {
    return requested(System.getenv(), System.getProperties()) ? with(builder, autoConfigured()) : builder;
  }

  /** {@code builder} tracing to {@code openTelemetry} (the tests give an in-memory exporter's). */
  public static VertxBuilder with(VertxBuilder builder, OpenTelemetry openTelemetry) {
    return builder.withTracer(new OpenTelemetryTracingFactory(openTelemetry));
  }

  /** The switch described above; system properties win over variables, as in autoconfigure. */
  static boolean requested(Map<String, String> env, Properties properties) {
    if ("true".equalsIgnoreCase(value(SDK_DISABLED, env, properties))) {
      return false;
    }
    String exporter = value(TRACES_EXPORTER, env, properties);
    if (exporter != null) {
      return !exporter.equalsIgnoreCase("none");
    }
    return value(ENDPOINT, env, properties) != null || value(TRACES_ENDPOINT, env, properties) != null;
  }

  private static String value(String variable, Map<String, String> env, Properties properties) {
    String value = properties.getProperty(variable.toLowerCase(Locale.ROOT).replace('_', '.'), env.get(variable));
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * The SDK as the {@code OTEL_*} variables describe it, with two defaults of this service's own
   * that any variable overrides: traces only (the service's metrics are Prometheus at
   * {@code /metrics}, its logs go to stderr), and the service name {@code player-service}. The
   * SDK flushes its last spans from a JVM shutdown hook. One line says where spans go (never the
   * exporter's headers, which may hold a collector's token); a variable the SDK refuses (an
   * exporter that is not on the class path, say) stops the start with its reason.
   */
  private static OpenTelemetry autoConfigured() {
    StringBuilder where = new StringBuilder();
    OpenTelemetry sdk;
    try {
      sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(() -> Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none"))
          .addResourceCustomizer((resource, config) -> {
            String name = resource.getAttribute(SERVICE_NAME);
            Resource named = name == null || name.startsWith("unknown_service")
                ? resource.merge(Resource.create(Attributes.of(SERVICE_NAME, "player-service")))
                : resource;
            where.append("spans of service ").append(named.getAttribute(SERVICE_NAME))
                .append(" to exporter ").append(config.getString("otel.traces.exporter", "otlp"))
                .append(" (").append(config.getString("otel.exporter.otlp.traces.protocol",
                    config.getString("otel.exporter.otlp.protocol", "grpc")))
                .append(", ").append(config.getString("otel.exporter.otlp.traces.endpoint",
                    config.getString("otel.exporter.otlp.endpoint", "the default endpoint")))
                .append(')');
            return named;
          })
          .build()
          .getOpenTelemetrySdk();
    } catch (ConfigurationException e) {
      throw new InvalidConfigException("OpenTelemetry: " + e.getMessage());
    }
    LOG.info("tracing on: OpenTelemetry {}", where);
    return sdk;
  }
}
