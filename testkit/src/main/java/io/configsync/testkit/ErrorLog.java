package io.configsync.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records every ERROR line logged in this JVM while it is open, with the logger and the first line
 * of any stack trace: a client's mistake must never cost an ERROR line. Not for waiting on events:
 * only to check, after the fact, that none was logged.
 */
public final class ErrorLog implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final List<String> lines = new ArrayList<>();
  private final Level threshold;
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(threshold)) {
        synchronized (lines) {
          lines.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
              + (event.getThrowableProxy() == null ? "" : " / " + event.getThrowableProxy().getClassName()
                  + ": " + event.getThrowableProxy().getMessage()));
        }
      }
    }
  };

  private ErrorLog(Level threshold) {
    this.threshold = threshold;
  }

  /** Starts recording ERROR lines. */
  public static ErrorLog open() {
    return open(Level.ERROR);
  }

  /** Starts recording the lines at {@code threshold} and above (e.g. WARN: nothing a client can cause). */
  public static ErrorLog open(Level threshold) {
    ErrorLog log = new ErrorLog(threshold);
    log.appender.setContext(log.root.getLoggerContext());
    log.appender.start();
    log.root.addAppender(log.appender);
    return log;
  }

  /** The ERROR lines so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
