package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.spark.QwenVlConf;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code qwenvl} data source: annotates image and video files on any Hadoop file system with
 * Qwen2.5-VL, one row per file. Options are listed in {@link QwenVlReadOptions}; the schema depends
 * on the task (text, boxes or extracted fields).
 *
 * <pre>{@code
 * Dataset<Row> captions = spark.read().format("qwenvl")
 *     .option("task", "caption")
 *     .option("max-pixels", String.valueOf(1280 * 28 * 28))
 *     .load("s3a://bucket/photos/");
 * }</pre>
 */
public final class QwenVlSource implements TableProvider, DataSourceRegister {

  /** The short name: {@code spark.read().format("qwenvl")}. */
  public static final String SHORT_NAME = "qwenvl";

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return ResultSchema.of(new QwenVlConf(SparkSession.active(), options).taskSpec());
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new MediaTable(schema, properties);
  }
}
