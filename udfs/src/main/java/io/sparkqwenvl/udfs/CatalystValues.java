package io.sparkqwenvl.udfs;

import io.sparkqwenvl.tasks.Box;
import io.sparkqwenvl.tasks.TaskResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/** Turns a successful {@link TaskResult} into the Catalyst value of a call's result type. */
final class CatalystValues {

  private CatalystValues() {}

  /** The value of {@code result} for {@code function}, of Spark type {@code type}. */
  static Object of(QwenVlFunction function, TaskResult result, DataType type) {
    return switch (function) {
      case CAPTION, OCR, GENERATE ->
          result.text() == null ? null : UTF8String.fromString(result.text());
      case DETECT -> boxes(result.boxes());
      case EXTRACT -> result.fields() == null ? null : struct(result.fields(), (StructType) type);
    };
  }

  static GenericArrayData boxes(List<Box> boxes) {
    Object[] rows = new Object[boxes.size()];
    for (int i = 0; i < rows.length; i++) {
      Box b = boxes.get(i);
      rows[i] =
          new GenericInternalRow(
              new Object[] {
                b.label() == null ? null : UTF8String.fromString(b.label()),
                b.x1(),
                b.y1(),
                b.x2(),
                b.y2()
              });
    }
    return new GenericArrayData(rows);
  }

  static GenericInternalRow struct(Map<?, ?> fields, StructType type) {
    StructField[] f = type.fields();
    Object[] values = new Object[f.length];
    for (int i = 0; i < f.length; i++) {
      values[i] = value(fields.get(f[i].name()), f[i].dataType(), f[i].name());
    }
    return new GenericInternalRow(values);
  }

  /** Converts one Java value of the typed reader (see TaskResult.fields) to Catalyst. */
  static Object value(Object v, DataType type, String path) {
    if (v == null) {
      return null;
    }
    if (type instanceof StringType) {
      return UTF8String.fromString(v.toString());
    }
    if (type instanceof IntegerType) {
      return ((Number) v).intValue();
    }
    if (type instanceof LongType) {
      return ((Number) v).longValue();
    }
    if (type instanceof DoubleType) {
      return ((Number) v).doubleValue();
    }
    if (type instanceof FloatType) {
      return ((Number) v).floatValue();
    }
    if (type instanceof BooleanType) {
      return (Boolean) v;
    }
    if (type instanceof DecimalType d) {
      BigDecimal bd = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
      Decimal dec = Decimal.apply(bd);
      return dec.changePrecision(d.precision(), d.scale()) ? dec : null;
    }
    if (type instanceof DateType) {
      return (int) ((LocalDate) v).toEpochDay();
    }
    if (type instanceof TimestampType) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) v);
    }
    if (type instanceof ArrayType a) {
      List<?> list = (List<?>) v;
      Object[] out = new Object[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = value(list.get(i), a.elementType(), path + "[" + i + "]");
      }
      return new GenericArrayData(out);
    }
    if (type instanceof StructType s) {
      return struct((Map<?, ?>) v, s);
    }
    throw new IllegalArgumentException(
        "field " + path + ": no conversion of " + v.getClass().getSimpleName() + " to " + type);
  }
}
