package io.playerservice.telemetry;

import io.playerservice.config.InvalidConfigException;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which OTEL_* variables (or otel.* system properties) turn tracing on, and which keep it off. */
class TracingSwitchTest {
  private static final Properties NONE = new Properties();

  @Test
  void offUnlessAnExporterOrACollectorIsNamed() {
    assertFalse(Tracing.requested(Map.of(), NONE));
    assertFalse(Tracing.requested(Map.of("OTEL_SERVICE_NAME", "shop", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), NONE));
    assertFalse(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", " "), NONE));
  }

  @Test
  void onForAnExporterOrAnEndpoint() {
    assertTrue(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "otlp"), NONE));
    assertTrue(Tracing.requested(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), NONE));
    assertTrue(Tracing.requested(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"), NONE));
  }

  @Test
  void noneOrADisabledSdkWins() {
    assertFalse(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "none",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), NONE));
    assertFalse(Tracing.requested(Map.of("OTEL_SDK_DISABLED", "true", "OTEL_TRACES_EXPORTER", "otlp"), NONE));
    assertTrue(Tracing.requested(Map.of("OTEL_SDK_DISABLED", "false", "OTEL_TRACES_EXPORTER", "otlp"), NONE));
  }

  @Test
  void systemPropertiesWinOverVariablesAsInAutoconfigure() {
    Properties properties = new Properties();
    properties.setProperty("otel.traces.exporter", "none");
    assertFalse(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "otlp"), properties));
    properties.setProperty("otel.traces.exporter", "otlp");
    assertTrue(Tracing.requested(Map.of(), properties));
    properties.setProperty("otel.sdk.disabled", "true");
    assertFalse(Tracing.requested(Map.of(), properties));
  }

  /** A variable the SDK refuses stops the start with the SDK's reason, on one line. */
  @Test
  void anExporterThatIsNotThereIsAConfigurationError() {
    System.setProperty("otel.traces.exporter", "console"); // it needs opentelemetry-exporter-logging
    try {
      var failure = assertThrows(InvalidConfigException.class, () -> Tracing.fromEnvironment(Vertx.builder()));
      assertEquals("OpenTelemetry: otel.traces.exporter set to \"console\" but opentelemetry-exporter-logging not "
          + "found on classpath. Make sure to add it as a dependency.", failure.getMessage());
    } finally {
      System.clearProperty("otel.traces.exporter");
    }
  }
}
