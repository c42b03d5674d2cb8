package io.playerservice.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the current request's {@link RequestTags} into the MDC of every log line as it is
 * written: {@code request_id}, and {@code trace_id} and {@code span_id} when the request is
 * traced; a line written outside any request carries none of them.
 *
 * <p>Why a turbo filter: logback calls it on the logging thread just before it builds each event,
 * and the event copies the MDC then. Setting the MDC once per request and clearing it at the end
 * cannot work on an event loop, where one request's callback runs between another's; reading the
 * Vert.x context that is current at the log call can. It decides nothing (always NEUTRAL) and
 * skips calls below the logger's level, so the hot path, which logs nothing at INFO, pays one
 * level comparison. Named in {@code logback.xml}.
 */
public final class RequestMdc extends TurboFilter {
  static final String REQUEST_ID = "request_id";
  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
      Throwable t) {
    if (level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL; // this call writes nothing
    }
    RequestTags tags = RequestTags.current();
    put(REQUEST_ID, tags == null ? null : tags.requestId());
    put(TRACE_ID, tags == null ? null : tags.traceId());
    put(SPAN_ID, tags == null ? null : tags.spanId());
    return FilterReply.NEUTRAL;
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
