package io.sparkqwenvl.udfs;

import io.sparkqwenvl.tasks.schema.SchemaParser;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
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
      case EXTRACT -> toSpark(SchemaParser.parse(schemaDdl));
    };
  }

  /** Converts an extraction schema type to the Spark type its values are returned as. */
  static DataType toSpark(io.sparkqwenvl.tasks.schema.DataType type) {
    if (type instanceof io.sparkqwenvl.tasks.schema.DataType.StructType s) {
      List<StructField> fields = new ArrayList<>();
      for (io.sparkqwenvl.tasks.schema.StructField f : s.fields()) {
        Metadata meta =
            f.comment() == null
                ? Metadata.empty()
                : new MetadataBuilder().putString("comment", f.comment()).build();
        fields.add(new StructField(f.name(), toSpark(f.type()), true, meta));
      }
      return new StructType(fields.toArray(new StructField[0]));
    }
    if (type instanceof io.sparkqwenvl.tasks.schema.DataType.ArrayType a) {
      return DataTypes.createArrayType(toSpark(a.element()), true);
    }
    if (type instanceof io.sparkqwenvl.tasks.schema.DataType.DecimalType d) {
      return DataTypes.createDecimalType(d.precision(), d.scale());
    }
    return switch (type.ddl()) {
      case "STRING" -> DataTypes.StringType;
      case "INT" -> DataTypes.IntegerType;
      case "BIGINT" -> DataTypes.LongType;
      case "DOUBLE" -> DataTypes.DoubleType;
      case "FLOAT" -> DataTypes.FloatType;
      case "BOOLEAN" -> DataTypes.BooleanType;
      case "DATE" -> DataTypes.DateType;
      case "TIMESTAMP" -> DataTypes.TimestampType;
      default ->
          throw new IllegalArgumentException("no Spark type for extraction type " + type.ddl());
    };
  }
}
