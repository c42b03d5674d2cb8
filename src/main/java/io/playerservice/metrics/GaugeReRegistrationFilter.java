package io.playerservice.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Micrometer's one "This Gauge has been already registered" warning, and nothing else.
 *
 * <p>Why a log filter and not a fix in the metrics setup: vertx-micrometer-metrics registers its
 * LongAdder-backed gauges again, by design, each time an event-bus consumer is added (every API
 * verticle instance adds the same addresses at start), each HTTP request and each connection;
 * it reuses the first gauge's value, so no data is lost (vertx-micrometer-metrics#259, documented
 * upstream as harmless). Micrometer 1.13.9+ warns about the first such re-registration in the
 * JVM from a private static logger in {@code MeterRegistry}, with no setting to turn it off
 * (micrometer#6931 is open). The other ways out cost metrics: a MeterFilter that denies those
 * gauges, or disabling the event-bus and HTTP domains, removes {@code vertx_eventbus_handlers},
 * {@code vertx_http_server_active_requests} and their kin. So the message is dropped by its text,
 * and every other warning of that logger (such as a MeterFilter configured too late) still shows.
 * It is named in {@code logback.xml}.
 */
public final class GaugeReRegistrationFilter extends TurboFilter {
  private static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  private static final String MESSAGE = "This Gauge has been already registered";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
      Throwable t) {
    return level == Level.WARN && format != null && format.startsWith(MESSAGE) && LOGGER.equals(logger.getName())
        ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
