package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.spark.QwenVlConf;
import io.sparkqwenvl.spark.Redaction;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/** A configured read: its schema, a redacted description for plans and the UI, its metrics. */
final class MediaScan implements Scan {

  private final SparkSession spark;
  private final Map<String, String> options;
  private final QwenVlConf conf;
  private final StructType schema;

  MediaScan(SparkSession spark, Map<String, String> options, QwenVlConf conf, StructType schema) {
    this.spark = spark;
    this.options = options;
    this.conf = conf;
    this.schema = schema;
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public String description() {
    String paths =
        MediaTable.paths(options).stream().map(Redaction::path).collect(Collectors.joining(", "));
    return "qwenvl [task="
        + conf.taskSpec().kind().id()
        + ", model="
        + Redaction.path(conf.model())
        + ", paths="
        + paths
        + "]";
  }

  @Override
  public Batch toBatch() {
    return new MediaBatch(spark, options, conf);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return MediaMetrics.supported();
  }
}
