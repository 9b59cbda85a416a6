package io.sparkqwenvl.udfs;

import io.sparkqwenvl.spark.QwenVlConf;
import io.sparkqwenvl.spark.QwenVlSQLProperties;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The session settings a batched operator runs with, captured on the driver when the query is
 * planned and shipped to the tasks.
 *
 * @param maxInFlight rows whose calls are in flight at most per task
 * @param maxInFlightBytes bytes (rows + media) in flight at most per task
 * @param backendFactory class name of the {@link AnnotationBackend.Factory}
 * @param sqlConf every {@code spark.sql.qwenvl.*} setting of the session
 */
record BatchSettings(
    int maxInFlight, long maxInFlightBytes, String backendFactory, TreeMap<String, String> sqlConf)
    implements Serializable {

  BatchSettings {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException(
          QwenVlUdfProperties.MAX_IN_FLIGHT + " must be >= 1, got " + maxInFlight);
    }
    if (maxInFlightBytes < 1) {
      throw new IllegalArgumentException(
          QwenVlUdfProperties.MAX_IN_FLIGHT_BYTES + " must be >= 1, got " + maxInFlightBytes);
    }
  }

  /** Reads the settings of {@code session}. */
  static BatchSettings of(SparkSession session) {
    TreeMap<String, String> ours = new TreeMap<>(QwenVlConf.sessionSettings(session));
    long inFlightDefault =
        parse(
            ours,
            QwenVlSQLProperties.IN_FLIGHT_PER_TASK,
            QwenVlUdfProperties.MAX_IN_FLIGHT_DEFAULT);
    return new BatchSettings(
        Math.toIntExact(parse(ours, QwenVlUdfProperties.MAX_IN_FLIGHT, inFlightDefault)),
        parse(
            ours,
            QwenVlUdfProperties.MAX_IN_FLIGHT_BYTES,
            QwenVlUdfProperties.MAX_IN_FLIGHT_BYTES_DEFAULT),
        ours.getOrDefault(QwenVlUdfProperties.BACKEND, QwenVlUdfProperties.BACKEND_DEFAULT),
        ours);
  }

  private static Long parse(Map<String, String> conf, String key, long dflt) {
    String v = conf.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
    }
  }

  /** Opens the backend named by {@link #backendFactory} (on an executor). */
  AnnotationBackend openBackend() {
    try {
      Class<?> c =
          Class.forName(backendFactory, true, Thread.currentThread().getContextClassLoader());
      Object f = c.getConstructor().newInstance();
      return ((AnnotationBackend.Factory) f).open(sqlConf);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "cannot create the annotation backend "
              + backendFactory
              + " (set by "
              + QwenVlUdfProperties.BACKEND
              + "): it must be a public class implementing AnnotationBackend.Factory with a"
              + " public no-argument constructor",
          e);
    }
  }

  @Override
  public String toString() {
    return "maxInFlight=" + maxInFlight + ", maxInFlightBytes=" + maxInFlightBytes;
  }
}
