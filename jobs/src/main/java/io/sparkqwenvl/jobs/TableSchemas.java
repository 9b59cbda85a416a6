package io.sparkqwenvl.jobs;

import io.sparkqwenvl.spark.BoxColumns;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the job's three Delta tables. Annotations and quarantine are keyed on (content_hash,
 * task, prompt_hash, model_revision); runs has one row per run.
 */
public final class TableSchemas {

  private TableSchemas() {}

  /** The key columns of annotations and quarantine. */
  public static final String[] KEY = {"content_hash", "task", "prompt_hash", "model_revision"};

  /** One box: original pixels, normalized [0,1], and the frame time for videos. */
  public static final StructType BOX = BoxColumns.TYPE;

  /** Annotations: one row per content, task, prompt settings and model revision. */
  public static final StructType ANNOTATIONS =
      keyAndFile()
          .add("modification_time", DataTypes.TimestampType)
          .add("media_type", DataTypes.StringType)
          .add("width", DataTypes.IntegerType)
          .add("height", DataTypes.IntegerType)
          .add("duration", DataTypes.DoubleType)
          .add("prompt", DataTypes.StringType)
          .add("text", DataTypes.StringType)
          .add("boxes", DataTypes.createArrayType(BOX))
          .add("fields_json", DataTypes.StringType)
          .add("raw_text", DataTypes.StringType)
          .add("null_reasons", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("finish_reason", DataTypes.StringType)
          .add("repetition_detected", DataTypes.BooleanType)
          .add("prompt_tokens", DataTypes.IntegerType)
          .add("output_tokens", DataTypes.IntegerType)
          .add("latency_ms", DataTypes.LongType)
          .add("model_id", DataTypes.StringType)
          .add("note", DataTypes.StringType)
          .add("run_id", DataTypes.StringType)
          .add("annotated_at", DataTypes.TimestampType);

  /** Quarantine: the last failure of a key, with how often it failed. */
  public static final StructType QUARANTINE =
      keyAndFile()
          .add("media_type", DataTypes.StringType)
          .add("error_stage", DataTypes.StringType)
          .add("error", DataTypes.StringType)
          .add("attempts", DataTypes.IntegerType)
          .add("first_run_id", DataTypes.StringType)
          .add("run_id", DataTypes.StringType)
          .add("failed_at", DataTypes.TimestampType);

  /** Runs: one row per run of the job. */
  public static final StructType RUNS =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("status", DataTypes.StringType)
          .add("started_at", DataTypes.TimestampType)
          .add("ended_at", DataTypes.TimestampType)
          .add("input", DataTypes.StringType)
          .add("table_path", DataTypes.StringType)
          .add("tasks", DataTypes.StringType)
          .add("model_id", DataTypes.StringType)
          .add("model_revision", DataTypes.StringType)
          .add("files_seen", DataTypes.LongType)
          .add("files_skipped", DataTypes.LongType)
          .add("files_ok", DataTypes.LongType)
          .add("files_failed", DataTypes.LongType)
          .add("items_ok", DataTypes.LongType)
          .add("items_failed", DataTypes.LongType)
          .add("chunks_committed", DataTypes.IntegerType)
          .add("output_tokens", DataTypes.LongType)
          .add("annotate_seconds", DataTypes.DoubleType)
          .add("images_per_second", DataTypes.DoubleType)
          .add("tokens_per_second", DataTypes.DoubleType)
          .add("error", DataTypes.StringType);

  /** The leading columns of annotations and quarantine: {@link #KEY} (not null), path and size. */
  static StructType keyAndFile() {
    StructType s = new StructType();
    for (String k : KEY) {
      s = s.add(k, DataTypes.StringType, false);
    }
    return s.add("path", DataTypes.StringType).add("size", DataTypes.LongType);
  }
}
