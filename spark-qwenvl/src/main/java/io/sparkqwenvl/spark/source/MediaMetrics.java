package io.sparkqwenvl.spark.source;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * Metrics of the {@code qwenvl} scan shown in the Spark UI: images and videos annotated, tokens
 * (prompt + generated) and error rows. Public with public no-argument constructors only because
 * Spark instantiates metric classes by name.
 */
public final class MediaMetrics {

  static final String IMAGES = "images";
  static final String VIDEOS = "videos";
  static final String TOKENS = "tokens";
  static final String ERRORS = "errors";

  private MediaMetrics() {}

  static CustomMetric[] supported() {
    return new CustomMetric[] {new Images(), new Videos(), new Tokens(), new Errors()};
  }

  static CustomTaskMetric value(String name, long value) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long value() {
        return value;
      }
    };
  }

  /** Images annotated (successes and errors). */
  public static final class Images extends CustomSumMetric {
    @Override
    public String name() {
      return IMAGES;
    }

    @Override
    public String description() {
      return "images annotated";
    }
  }

  /** Videos annotated (successes and errors). */
  public static final class Videos extends CustomSumMetric {
    @Override
    public String name() {
      return VIDEOS;
    }

    @Override
    public String description() {
      return "videos annotated";
    }
  }

  /** Prompt plus generated tokens. */
  public static final class Tokens extends CustomSumMetric {
    @Override
    public String name() {
      return TOKENS;
    }

    @Override
    public String description() {
      return "prompt + generated tokens";
    }
  }

  /** Rows with an error. */
  public static final class Errors extends CustomSumMetric {
    @Override
    public String name() {
      return ERRORS;
    }

    @Override
    public String description() {
      return "error rows";
    }
  }
}
