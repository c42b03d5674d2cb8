package io.playerservice.telemetry;

import ch.qos.logback.core.PropertyDefinerBase;
import ch.qos.logback.core.status.ErrorStatus;

import java.util.Locale;

/**
 * How the logs are written, as {@code LOG_FORMAT} says: {@code text} (the default) or {@code json}
 * (logback's own JsonEncoder, one object per line). {@code logback.xml} includes
 * {@code logback-text.xml} or {@code logback-json.xml} by this value; each defines the appender.
 *
 * <p>An environment variable (or {@code -DLOG_FORMAT=}), not a setting of the service: logback
 * configures itself with the first logger, before the settings are loaded, and a setting in
 * {@code conf/config.json} would have come too late. A value that is neither logs as text and
 * says so through logback's status, which logback prints at start; a typo never silences the log.
 */
public final class LogFormat extends PropertyDefinerBase {
  static final String VARIABLE = "LOG_FORMAT";

  @Override
  public String getPropertyValue() {
    String given = System.getProperty(VARIABLE, System.getenv(VARIABLE));
    String format = given == null || given.isBlank() ? "text" : given.trim().toLowerCase(Locale.ROOT);
    if (format.equals("text") || format.equals("json")) {
      return format;
    }
    addStatus(new ErrorStatus(VARIABLE + " must be text or json, got '" + given + "'; logging as text", this));
    return "text";
  }
}
