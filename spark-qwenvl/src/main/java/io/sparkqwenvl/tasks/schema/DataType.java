package io.sparkqwenvl.tasks.schema;

import java.util.List;
import java.util.Locale;

/**
 * Spark-free data types of an extraction schema (the subset of Spark SQL types that a JSON answer
 * can carry). Spark code converts them to Spark types; the grammar and the typed reader use them
 * directly.
 */
public sealed interface DataType {

  /** The DDL spelling, e.g. {@code DECIMAL(10,2)} or {@code ARRAY<STRING>}. */
  String ddl();

  /** STRING. */
  record StringType() implements DataType {
    public String ddl() {
      return "STRING";
    }
  }

  /** 32-bit INT. */
  record IntType() implements DataType {
    public String ddl() {
      return "INT";
    }
  }

  /** 64-bit BIGINT. */
  record LongType() implements DataType {
    public String ddl() {
      return "BIGINT";
    }
  }

  /** DOUBLE. */
  record DoubleType() implements DataType {
    public String ddl() {
      return "DOUBLE";
    }
  }

  /** FLOAT. */
  record FloatType() implements DataType {
    public String ddl() {
      return "FLOAT";
    }
  }

  /** BOOLEAN. */
  record BooleanType() implements DataType {
    public String ddl() {
      return "BOOLEAN";
    }
  }

  /** DATE, written in JSON as "YYYY-MM-DD". */
  record DateType() implements DataType {
    public String ddl() {
      return "DATE";
    }
  }

  /** TIMESTAMP, written in JSON as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
  record TimestampType() implements DataType {
    public String ddl() {
      return "TIMESTAMP";
    }
  }

  /**
   * DECIMAL(precision, scale).
   *
   * @param precision total digits, 1..38
   * @param scale digits after the point, 0..precision
   */
  record DecimalType(int precision, int scale) implements DataType {
    public DecimalType {
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
        throw new IllegalArgumentException(
            "DECIMAL("
                + precision
                + ","
                + scale
                + ") needs 1 <= precision <= 38, 0 <= scale <= precision");
      }
    }

    public String ddl() {
      return "DECIMAL(" + precision + "," + scale + ")";
    }
  }

  /** ARRAY&lt;element&gt;. */
  record ArrayType(DataType element) implements DataType {
    public String ddl() {
      return "ARRAY<" + element.ddl() + ">";
    }
  }

  /** STRUCT&lt;fields&gt;; also the top-level schema. */
  record StructType(List<StructField> fields) implements DataType {
    public StructType {
      fields = List.copyOf(fields);
    }

    public String ddl() {
      StringBuilder sb = new StringBuilder("STRUCT<");
      for (int i = 0; i < fields.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(fields.get(i).ddl(":"));
      }
      return sb.append('>').toString();
    }

    /** The top-level DDL list form: {@code a INT, b STRING COMMENT '...'}. */
    public String toDdlList() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < fields.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(fields.get(i).ddl(""));
      }
      return sb.toString();
    }
  }

  /** Lower-case short name used in prompts, e.g. {@code decimal(10,2)}. */
  default String promptName() {
    return ddl().toLowerCase(Locale.ROOT);
  }
}
