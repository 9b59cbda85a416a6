package io.sparkqwenvl.udfs;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;

/**
 * The SQL metrics of a batched operator, shown in the Spark UI's SQL tab: media annotated, tokens,
 * failed calls, submission rounds, peak calls in flight and the time tasks waited for results.
 */
final class EvalMetrics implements Serializable {

  private static final long serialVersionUID = 1L;

  final SQLMetric rows;
  final SQLMetric images;
  final SQLMetric videos;
  final SQLMetric promptTokens;
  final SQLMetric outputTokens;
  final SQLMetric errors;
  final SQLMetric batches;
  final SQLMetric peakInFlight;
  final SQLMetric waitTime;

  private EvalMetrics(SparkContext sc) {
    rows = SQLMetrics.createMetric(sc, "number of output rows");
    images = SQLMetrics.createMetric(sc, "images annotated");
    videos = SQLMetrics.createMetric(sc, "videos annotated");
    promptTokens = SQLMetrics.createMetric(sc, "prompt tokens");
    outputTokens = SQLMetrics.createMetric(sc, "output tokens");
    errors = SQLMetrics.createMetric(sc, "failed calls");
    batches = SQLMetrics.createMetric(sc, "submission batches");
    peakInFlight = SQLMetrics.createAverageMetric(sc, "peak calls in flight");
    waitTime = SQLMetrics.createNanoTimingMetric(sc, "time waiting for results", -1L);
  }

  static EvalMetrics create(SparkContext sc) {
    return new EvalMetrics(sc);
  }

  /** The metrics by key, as SparkPlan.metrics exposes them. */
  Map<String, SQLMetric> byKey() {
    Map<String, SQLMetric> m = new LinkedHashMap<>();
    m.put("numOutputRows", rows);
    m.put("images", images);
    m.put("videos", videos);
    m.put("promptTokens", promptTokens);
    m.put("outputTokens", outputTokens);
    m.put("errors", errors);
    m.put("batches", batches);
    m.put("peakInFlight", peakInFlight);
    m.put("waitTime", waitTime);
    return m;
  }
}
