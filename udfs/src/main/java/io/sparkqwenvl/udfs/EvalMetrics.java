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

  /** Makes one metric from its kind ("sum", "average" or "nsTiming") and its UI name. */
  private interface Factory {
    SQLMetric create(String kind, String name);
  }

  private EvalMetrics(Factory f) {
    rows = f.create("sum", "number of output rows");
    images = f.create("sum", "images annotated");
    videos = f.create("sum", "videos annotated");
    promptTokens = f.create("sum", "prompt tokens");
    outputTokens = f.create("sum", "output tokens");
    errors = f.create("sum", "failed calls");
    batches = f.create("sum", "submission batches");
    peakInFlight = f.create("average", "peak calls in flight");
    waitTime = f.create("nsTiming", "time waiting for results");
  }

  /** Metrics registered with {@code sc}, shown in the UI. */
  static EvalMetrics create(SparkContext sc) {
    return new EvalMetrics(
        (kind, name) ->
            switch (kind) {
              case "average" -> SQLMetrics.createAverageMetric(sc, name);
              case "nsTiming" -> SQLMetrics.createNanoTimingMetric(sc, name, -1L);
              default -> SQLMetrics.createMetric(sc, name);
            });
  }

  /** Metrics that are not registered anywhere (operator logic tested without Spark). */
  static EvalMetrics unregistered() {
    return new EvalMetrics((kind, name) -> new SQLMetric(kind, 0L));
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
