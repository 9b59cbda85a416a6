package io.sparkqwenvl.udfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Spark types of the results and the conversion of extracted values to Catalyst. */
class ResultTypesTest {

  private static final String DDL =
      "name STRING COMMENT 'who', total DECIMAL(10,2), day DATE, at TIMESTAMP, n BIGINT,"
          + " ok BOOLEAN, items ARRAY<STRUCT<sku: STRING, qty: INT>>";

  @Test
  void theExtractSchemaBecomesTheSparkStruct() {
    DataType t = ResultTypes.of(QwenVlFunction.EXTRACT, DDL);
    assertThat(t.simpleString())
        .isEqualTo(
            "struct<name:string,total:decimal(10,2),day:date,at:timestamp,n:bigint,"
                + "ok:boolean,items:array<struct<sku:string,qty:int>>>");
    assertThat(((StructType) t).apply("name").getComment().get()).isEqualTo("who");
    assertThat(ResultTypes.of(QwenVlFunction.CAPTION, null)).isEqualTo(DataTypes.StringType);
  }

  @Test
  void aBadSchemaNamesTheProblem() {
    assertThatThrownBy(() -> ResultTypes.of(QwenVlFunction.EXTRACT, "total DECIMAL(10,"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void extractedFieldsBecomeCatalystValues() {
    StructType t = (StructType) ResultTypes.of(QwenVlFunction.EXTRACT, DDL);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "Ann");
    fields.put("total", new BigDecimal("3.5"));
    fields.put("day", LocalDate.of(1970, 1, 3));
    fields.put("at", Instant.ofEpochSecond(2, 5000));
    fields.put("n", 7L);
    fields.put("ok", null);
    fields.put("items", List.of(Map.of("sku", "a1", "qty", 2)));
    TaskResult r =
        new TaskResult(
            TaskKind.EXTRACT,
            "{}",
            List.of(),
            fields,
            Map.of(),
            FinishReason.CONSTRAINT_COMPLETE,
            null,
            null,
            false,
            1,
            1,
            1,
            1,
            1,
            null);
    InternalRow row = (InternalRow) CatalystValues.of(QwenVlFunction.EXTRACT, r, t);
    assertThat(row.getUTF8String(0).toString()).isEqualTo("Ann");
    assertThat(row.getDecimal(1, 10, 2).toJavaBigDecimal()).isEqualByComparingTo("3.50");
    assertThat(row.getInt(2)).isEqualTo(2);
    assertThat(row.getLong(3)).isEqualTo(2_000_005L);
    assertThat(row.getLong(4)).isEqualTo(7L);
    assertThat(row.isNullAt(5)).isTrue();
    ArrayData items = row.getArray(6);
    assertThat(items.numElements()).isEqualTo(1);
    assertThat(items.getStruct(0, 2).getUTF8String(0).toString()).isEqualTo("a1");
    assertThat(items.getStruct(0, 2).getInt(1)).isEqualTo(2);
  }
}
