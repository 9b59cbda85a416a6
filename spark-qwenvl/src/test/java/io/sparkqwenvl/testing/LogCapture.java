package io.sparkqwenvl.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log4j2 event (message and stack trace) while open, e.g. to check that no secret is
 * ever logged. Attaches to the root logger; loggers under {@code debugPackage} are lowered to DEBUG
 * while open.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start("io.sparkqwenvl")) {
 *   ...
 *   assertThat(logs.text()).doesNotContain(secret);
 * }
 * }</pre>
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

  private final Queue<String> events = new ConcurrentLinkedQueue<>();
  private final String debugPackage;
  private final Level previousLevel;
  private Level previousRootLevel;

  private LogCapture(String debugPackage, Level previousLevel) {
    super("test-capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    this.debugPackage = debugPackage;
    this.previousLevel = previousLevel;
  }

  /** Starts capturing; {@code debugPackage} (may be null) logs at DEBUG meanwhile. */
  public static LogCapture start(String debugPackage) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    Level previous = null;
    if (debugPackage != null) {
      LoggerConfig existing = config.getLoggers().get(debugPackage);
      previous = existing == null ? null : existing.getLevel();
      config.addLogger(debugPackage, new LoggerConfig(debugPackage, Level.DEBUG, true));
    }
    LogCapture capture = new LogCapture(debugPackage, previous);
    capture.start();
    // Test logging runs at WARN (log4j2-test.properties); capture everything from INFO up, as a
    // production log would hold it.
    Level root = config.getRootLogger().getLevel();
    if (root.intLevel() < Level.INFO.intLevel()) {
      capture.previousRootLevel = root;
      config.getRootLogger().setLevel(Level.INFO);
    }
    config.getRootLogger().addAppender(capture, Level.ALL, null);
    if (debugPackage != null) {
      config.getLoggerConfig(debugPackage).addAppender(capture, Level.ALL, null);
      config.getLoggerConfig(debugPackage).setAdditive(false);
    }
    ctx.updateLoggers();
    return capture;
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder sb = new StringBuilder();
    sb.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(": ");
    sb.append(event.getMessage().getFormattedMessage());
    if (event.getThrown() != null) {
      StringWriter w = new StringWriter();
      event.getThrown().printStackTrace(new PrintWriter(w));
      sb.append('\n').append(w);
    }
    events.add(sb.toString());
  }

  /** The events captured so far, formatted. */
  public List<String> events() {
    return new ArrayList<>(events);
  }

  /** All captured events as one string. */
  public String text() {
    return String.join("\n", events);
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    config.getRootLogger().removeAppender(getName());
    if (previousRootLevel != null) {
      config.getRootLogger().setLevel(previousRootLevel);
    }
    if (debugPackage != null) {
      config.removeLogger(debugPackage);
      if (previousLevel != null) {
        config.addLogger(debugPackage, new LoggerConfig(debugPackage, previousLevel, true));
      }
    }
    ctx.updateLoggers();
    stop();
  }
}
