package io.sparkqwenvl.spark;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.network.util.JavaUtils;

/**
 * Typed lookups behind {@link QwenVlConf}: a read option (case-insensitive name), else a session
 * setting, else a default; blank values count as unset; bad values fail naming key and value.
 */
final class ConfReader {

  private final Map<String, String> options;
  private final Function<String, String> session;

  ConfReader(Map<String, String> options, Function<String, String> session) {
    this.options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (options != null) {
      this.options.putAll(options);
    }
    this.session = session;
  }

  /** The raw value: read option, else session setting (when {@code sqlKey} is not null). */
  String raw(String option, String sqlKey) {
    String v = options.get(option);
    if (v == null && sqlKey != null) {
      v = session.apply(sqlKey);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  String string(String option, String sqlKey, String dflt) {
    String v = raw(option, sqlKey);
    return v == null ? dflt : v;
  }

  int intValue(String option, String sqlKey, int dflt, int min) {
    String v = raw(option, sqlKey);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw invalid(option, sqlKey, v, "an integer >= " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(option, sqlKey, v, "an integer >= " + min);
    }
  }

  long longValue(String option, String sqlKey, long dflt, long min) {
    String v = raw(option, sqlKey);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n < min) {
        throw invalid(option, sqlKey, v, "an integer >= " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(option, sqlKey, v, "an integer >= " + min);
    }
  }

  double doubleValue(String option, String sqlKey, double dflt) {
    String v = raw(option, sqlKey);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw invalid(option, sqlKey, v, "a number");
    }
  }

  /** A Spark time string ({@code 500ms}, {@code 30s}, {@code 2min}; bare: ms); unset: null. */
  Duration durationValue(String option, String sqlKey) {
    String v = raw(option, sqlKey);
    if (v == null) {
      return null;
    }
    long ms;
    try {
      ms = JavaUtils.timeStringAsMs(v);
    } catch (RuntimeException e) {
      throw invalid(option, sqlKey, v, "a duration such as 500ms, 30s or 2min");
    }
    if (ms < 0) {
      throw invalid(option, sqlKey, v, "a duration >= 0");
    }
    return Duration.ofMillis(ms);
  }

  boolean booleanValue(String option, boolean dflt) {
    String v = raw(option, null);
    if (v == null) {
      return dflt;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(option, null, v, "true or false");
    };
  }

  static IllegalArgumentException invalid(
      String option, String sqlKey, String value, String expected) {
    String where =
        sqlKey == null
            ? "option " + option
            : option.isEmpty() ? "setting " + sqlKey : "option " + option + " / " + sqlKey;
    return new IllegalArgumentException(where + " must be " + expected + ", got '" + value + "'");
  }
}
