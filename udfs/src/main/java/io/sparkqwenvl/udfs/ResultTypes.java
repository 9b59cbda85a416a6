package io.sparkqwenvl.udfs;

import io.sparkqwenvl.spark.source.SparkTypes;
import io.sparkqwenvl.tasks.schema.SchemaParser;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Spark result types of the functions. */
final class ResultTypes {

  /** {@code array<struct<label:string, x1:double, y1:double, x2:double, y2:double>>}. */
  static final ArrayType BOXES =
      DataTypes.createArrayType(
          new StructType()
              .add("label", DataTypes.StringType, true)
              .add("x1", DataTypes.DoubleType, false)
              .add("y1", DataTypes.DoubleType, false)
              .add("x2", DataTypes.DoubleType, false)
              .add("y2", DataTypes.DoubleType, false),
          false);

  private ResultTypes() {}

  /**
   * The result type of a call.
   *
   * @param schemaDdl for qwen_extract the DDL literal; ignored otherwise
   * @throws IllegalArgumentException when the DDL does not parse
   */
  static DataType of(QwenVlFunction function, String schemaDdl) {
    return switch (function) {
      case CAPTION, OCR, GENERATE -> DataTypes.StringType;
      case DETECT -> BOXES;
      case EXTRACT -> SparkTypes.toSparkStruct(SchemaParser.parse(schemaDdl));
    };
  }
}
