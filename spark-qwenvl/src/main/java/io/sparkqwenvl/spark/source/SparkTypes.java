package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.tasks.schema.DataType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts the Spark-free extraction types ({@link DataType}) to Spark types, and extracted Java
 * values (String, Integer, Long, Double, Float, Boolean, BigDecimal, LocalDate, Instant, List, Map
 * for structs) to Catalyst's internal values of those types. The type conversion is shared with the
 * SQL functions' {@code qwen_extract}.
 */
public final class SparkTypes {

  private SparkTypes() {}

  /** The Spark type of {@code type}; field comments are kept as column comments. */
  public static org.apache.spark.sql.types.DataType toSpark(DataType type) {
    if (type instanceof DataType.StringType) {
      return DataTypes.StringType;
    } else if (type instanceof DataType.IntType) {
      return DataTypes.IntegerType;
    } else if (type instanceof DataType.LongType) {
      return DataTypes.LongType;
    } else if (type instanceof DataType.DoubleType) {
      return DataTypes.DoubleType;
    } else if (type instanceof DataType.FloatType) {
      return DataTypes.FloatType;
    } else if (type instanceof DataType.BooleanType) {
      return DataTypes.BooleanType;
    } else if (type instanceof DataType.DateType) {
      return DataTypes.DateType;
    } else if (type instanceof DataType.TimestampType) {
      return DataTypes.TimestampType;
    } else if (type instanceof DataType.DecimalType d) {
      return DataTypes.createDecimalType(d.precision(), d.scale());
    } else if (type instanceof DataType.ArrayType a) {
      return DataTypes.createArrayType(toSpark(a.element()), true);
    } else if (type instanceof DataType.StructType s) {
      return toSparkStruct(s);
    }
    throw new IllegalArgumentException("no Spark type for extraction type " + type.ddl());
  }

  /** The Spark struct of {@code struct}, every field nullable. */
  public static StructType toSparkStruct(DataType.StructType struct) {
    StructField[] fields = new StructField[struct.fields().size()];
    for (int i = 0; i < fields.length; i++) {
      io.sparkqwenvl.tasks.schema.StructField f = struct.fields().get(i);
      Metadata meta =
          f.comment() == null
              ? Metadata.empty()
              : new MetadataBuilder().putString("comment", f.comment()).build();
      fields[i] = new StructField(f.name(), toSpark(f.type()), true, meta);
    }
    return new StructType(fields);
  }

  /**
   * The internal value of {@code value} as {@code type}; null when absent or not convertible (a
   * decimal that does not fit its precision, a wrong Java type).
   */
  static Object toInternal(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    if (type instanceof DataType.StringType) {
      return UTF8String.fromString(value.toString());
    } else if (type instanceof DataType.IntType) {
      return value instanceof Number n ? n.intValue() : null;
    } else if (type instanceof DataType.LongType) {
      return value instanceof Number n ? n.longValue() : null;
    } else if (type instanceof DataType.DoubleType) {
      return value instanceof Number n ? n.doubleValue() : null;
    } else if (type instanceof DataType.FloatType) {
      return value instanceof Number n ? n.floatValue() : null;
    } else if (type instanceof DataType.BooleanType) {
      return value instanceof Boolean b ? b : null;
    } else if (type instanceof DataType.DateType) {
      return value instanceof LocalDate d ? (int) d.toEpochDay() : null;
    } else if (type instanceof DataType.TimestampType) {
      return value instanceof Instant t ? ChronoUnit.MICROS.between(Instant.EPOCH, t) : null;
    } else if (type instanceof DataType.DecimalType d) {
      return decimal(value, d);
    } else if (type instanceof DataType.ArrayType a) {
      return value instanceof List<?> list ? array(list, a.element()) : null;
    } else if (type instanceof DataType.StructType s) {
      return value instanceof Map<?, ?> map ? struct(map, s) : null;
    }
    return null;
  }

  private static Decimal decimal(Object value, DataType.DecimalType type) {
    BigDecimal bd = value instanceof BigDecimal b ? b : null;
    if (bd == null && value instanceof Number n) {
      bd = new BigDecimal(n.toString());
    }
    if (bd == null) {
      return null;
    }
    Decimal d = Decimal.apply(bd);
    return d.changePrecision(type.precision(), type.scale()) ? d : null;
  }

  private static GenericArrayData array(List<?> list, DataType element) {
    Object[] out = new Object[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = toInternal(list.get(i), element);
    }
    return new GenericArrayData(out);
  }

  /** A struct value from a field-name map; missing fields are null. */
  static GenericInternalRow struct(Map<?, ?> values, DataType.StructType type) {
    List<io.sparkqwenvl.tasks.schema.StructField> fields = type.fields();
    Object[] out = new Object[fields.size()];
    for (int i = 0; i < out.length; i++) {
      io.sparkqwenvl.tasks.schema.StructField f = fields.get(i);
      out[i] = toInternal(values.get(f.name()), f.type());
    }
    return new GenericInternalRow(out);
  }
}
