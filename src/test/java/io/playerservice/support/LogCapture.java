package io.playerservice.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Every log event of this JVM during each test, kept in memory for the test to read; register it
 * with {@code @RegisterExtension}. Capture starts once the {@code @BeforeEach} methods have run.
 * The request log can be set to DEBUG for a test, and is back at its configured level after it.
 */
public final class LogCapture implements BeforeTestExecutionCallback, AfterEachCallback {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger requestLog = (Logger) LoggerFactory.getLogger("io.playerservice.http.RequestLog");
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    captured.start();
    root.addAppender(captured);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    root.detachAppender(captured);
    requestLog.setLevel(null); // back to the configured level
  }

  /** From now on each request logs one DEBUG line. */
  public void requestLogAtDebug() {
    requestLog.setLevel(Level.DEBUG);
  }

  /** The events captured so far, oldest first. */
  public List<ILoggingEvent> events() {
    return captured.list;
  }

  /** The captured events' formatted messages. */
  public List<String> lines() {
    return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** Forgets what was captured so far. */
  public void clear() {
    captured.list.clear();
  }
}
