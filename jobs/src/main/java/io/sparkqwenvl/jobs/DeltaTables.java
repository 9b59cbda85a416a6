package io.sparkqwenvl.jobs;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Creating the job's Delta tables and committing a chunk into them. */
final class DeltaTables {

  private DeltaTables() {}

  /** Creates an empty Delta table at {@code path} unless one is there. */
  static void ensure(SparkSession spark, String path, StructType schema) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      spark.createDataFrame(List.of(), schema).write().format("delta").mode("append").save(path);
    }
  }

  /**
   * Upserts {@code rows} into the annotations table on the key: a key already there is replaced
   * (only possible after a crash between annotate and commit), otherwise inserted. Never duplicates
   * a key.
   */
  static void mergeAnnotations(SparkSession spark, String path, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Dataset<Row> src = spark.createDataFrame(rows, TableSchemas.ANNOTATIONS);
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(src.as("s"), keyCondition())
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  /** Upserts failures: a key seen before gets the new reason and attempts + 1. */
  static void mergeQuarantine(SparkSession spark, String path, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Dataset<Row> src = spark.createDataFrame(rows, TableSchemas.QUARANTINE);
    java.util.Map<String, String> update = new java.util.LinkedHashMap<>();
    for (String c :
        List.of("path", "size", "media_type", "error_stage", "error", "run_id", "failed_at")) {
      update.put(c, "s." + c);
    }
    update.put("attempts", "t.attempts + 1");
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(src.as("s"), keyCondition())
        .whenMatched()
        .updateExpr(update)
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  /** Removes quarantine rows whose keys now succeeded. */
  static void clearQuarantine(SparkSession spark, String path, List<Row> okRows) {
    if (okRows.isEmpty()) {
      return;
    }
    List<Row> keys = new ArrayList<>();
    for (Row r : okRows) {
      keys.add(org.apache.spark.sql.RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3)));
    }
    StructType keySchema = new StructType();
    for (String k : TableSchemas.KEY) {
      keySchema = keySchema.add(k, org.apache.spark.sql.types.DataTypes.StringType);
    }
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(spark.createDataFrame(keys, keySchema).as("s"), keyCondition())
        .whenMatched()
        .delete()
        .execute();
  }

  /**
   * Removes quarantine rows whose keys are in the annotations table: left behind by a crash between
   * a chunk's annotation MERGE and its quarantine clean-up (the keys are never planned again, so
   * {@link #clearQuarantine} would not see them).
   */
  static void clearAnnotated(SparkSession spark, String quarantine, String annotations) {
    Dataset<Row> done =
        spark.read().format("delta").load(annotations).selectExpr(TableSchemas.KEY).distinct();
    DeltaTable.forPath(spark, quarantine)
        .as("t")
        .merge(done.as("s"), keyCondition())
        .whenMatched()
        .delete()
        .execute();
  }

  /** Appends one run record. */
  static void appendRun(SparkSession spark, String path, Row run) {
    spark
        .createDataFrame(List.of(run), TableSchemas.RUNS)
        .write()
        .format("delta")
        .mode("append")
        .save(path);
  }

  private static String keyCondition() {
    List<String> parts = new ArrayList<>();
    for (String k : TableSchemas.KEY) {
      parts.add("t." + k + " = s." + k);
    }
    return String.join(" AND ", parts);
  }
}
