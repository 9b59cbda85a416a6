package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.spark.BoxColumns;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskSpec;
import io.sparkqwenvl.tasks.schema.SchemaParser;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output columns of a read: file facts, the task's typed result column ({@code text}, {@code
 * boxes} or {@code extracted}), raw output, status and provenance. The ordinals below are the
 * positions {@link RowWriter} fills.
 */
final class ResultSchema {

  static final int PATH = 0;
  static final int SIZE = 1;
  static final int MODIFICATION_TIME = 2;
  static final int CONTENT_HASH = 3;
  static final int MEDIA_TYPE = 4;
  static final int WIDTH = 5;
  static final int HEIGHT = 6;
  static final int DURATION = 7;
  static final int TASK = 8;
  static final int RESULT = 9;
  static final int RAW_TEXT = 10;
  static final int FINISH_REASON = 11;
  static final int REPETITION_DETECTED = 12;
  static final int ERROR = 13;
  static final int ERROR_STAGE = 14;
  static final int PROVENANCE = 15;
  static final int WIDTH_OF_ROW = 16;

  static final StructType PROVENANCE_TYPE =
      new StructType()
          .add("model_id", DataTypes.StringType)
          .add("model_revision", DataTypes.StringType)
          .add("prompt_hash", DataTypes.StringType)
          .add("min_pixels", DataTypes.IntegerType)
          .add("max_pixels", DataTypes.IntegerType)
          .add("prompt_tokens", DataTypes.IntegerType)
          .add("output_tokens", DataTypes.IntegerType)
          .add("latency_ms", DataTypes.LongType);

  private ResultSchema() {}

  /** The columns of a read running {@code task}. */
  static StructType of(TaskSpec task) {
    return new StructType()
        .add("path", DataTypes.StringType, false, "file path, credentials removed")
        .add("size", DataTypes.LongType, false, "file length in bytes")
        .add("modification_time", DataTypes.TimestampType, true, "file modification time")
        .add("content_hash", DataTypes.StringType, true, "SHA-256 of the file bytes, hex")
        .add("media_type", DataTypes.StringType, true, "image or video")
        .add("width", DataTypes.IntegerType, true, "original width in pixels")
        .add("height", DataTypes.IntegerType, true, "original height in pixels")
        .add("duration", DataTypes.DoubleType, true, "video duration in seconds")
        .add("task", DataTypes.StringType, false, "task id, e.g. caption")
        .add(resultField(task))
        .add("raw_text", DataTypes.StringType, true, "model output as decoded")
        .add(
            "finish_reason",
            DataTypes.StringType,
            true,
            "stop, length, constraint_complete," + " repetition or error")
        .add("repetition_detected", DataTypes.BooleanType, true, "a repetition loop was cut")
        .add("error", DataTypes.StringType, true, "why this row failed; null on success")
        .add(
            "error_stage",
            DataTypes.StringType,
            true,
            "read, decode, preprocess, prompt, generate or parse")
        .add("provenance", PROVENANCE_TYPE, true, "model, prompt hash, pixels, tokens, latency");
  }

  /** The typed result column of {@code task}. */
  static StructField resultField(TaskSpec task) {
    TaskKind kind = task.kind();
    if (kind == TaskKind.DETECT) {
      return new StructField(
          "boxes",
          DataTypes.createArrayType(BoxColumns.TYPE, false),
          true,
          comment(BoxColumns.COMMENT));
    }
    if (kind == TaskKind.EXTRACT) {
      return new StructField(
          "extracted",
          SparkTypes.toSparkStruct(SchemaParser.parse(task.schemaDdl())),
          true,
          comment("fields of the schema " + task.schemaDdl()));
    }
    return new StructField("text", DataTypes.StringType, true, comment("the task's answer"));
  }

  private static Metadata comment(String text) {
    return new MetadataBuilder().putString("comment", text).build();
  }
}
