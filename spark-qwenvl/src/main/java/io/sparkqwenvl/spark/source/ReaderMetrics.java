package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.tasks.TaskResult;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** Counters of one reader, reported to Spark as {@link MediaMetrics} task values. */
final class ReaderMetrics {

  private long images;
  private long videos;
  private long tokens;
  private long errors;

  void add(String mediaType, TaskResult r) {
    if ("video".equals(mediaType)) {
      videos++;
    } else {
      images++;
    }
    tokens += (long) r.promptTokens() + r.outputTokens();
    if (!r.ok()) {
      errors++;
    }
  }

  CustomTaskMetric[] values() {
    return new CustomTaskMetric[] {
      MediaMetrics.value(MediaMetrics.IMAGES, images),
      MediaMetrics.value(MediaMetrics.VIDEOS, videos),
      MediaMetrics.value(MediaMetrics.TOKENS, tokens),
      MediaMetrics.value(MediaMetrics.ERRORS, errors)
    };
  }
}
