package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.spark.QwenVlConf;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;

/** Builds the {@link MediaScan} of a read; every column is computed, so nothing is pushed down. */
final class MediaScanBuilder implements ScanBuilder {

  private final SparkSession spark;
  private final Map<String, String> options;
  private final StructType schema;

  MediaScanBuilder(SparkSession spark, Map<String, String> options, StructType schema) {
    this.spark = spark;
    this.options = options;
    this.schema = schema;
  }

  @Override
  public Scan build() {
    return new MediaScan(spark, options, new QwenVlConf(spark, options), schema);
  }
}
