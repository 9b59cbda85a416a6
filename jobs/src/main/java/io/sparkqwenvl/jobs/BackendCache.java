package io.sparkqwenvl.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One opened backend per executor JVM, factory class and settings, so the model is loaded once and
 * reused by every task and every chunk (in local mode the driver's JVM serves as executor). Closed
 * at JVM exit.
 */
public final class BackendCache {

  private static final Map<String, AnnotationBackend> OPEN = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(BackendCache::closeAll, "qwenvl-backend-close"));
  }

  private BackendCache() {}

  /** The backend for these settings, opening it on first use. */
  public static AnnotationBackend get(BackendFactory factory, BackendSettings settings) {
    String key = factory.getClass().getName() + "|" + settings;
    return OPEN.computeIfAbsent(key, k -> factory.open(settings));
  }

  /** Closes and forgets every backend (tests, shutdown). */
  public static synchronized void closeAll() {
    for (AnnotationBackend b : OPEN.values()) {
      try {
        b.close();
      } catch (RuntimeException e) {
        // Closing at shutdown: nothing left to report to.
      }
    }
    OPEN.clear();
  }
}
