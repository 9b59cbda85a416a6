package io.sparkqwenvl.tasks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedJsonReaderTest {

  private static final DataType.StructType SCHEMA =
      SchemaParser.parse(
          "s STRING, i INT, l BIGINT, d DOUBLE, f FLOAT, b BOOLEAN, m DECIMAL(6,2), day DATE, ts"
              + " TIMESTAMP, tags ARRAY<STRING>, o STRUCT<k: STRING COMMENT 'one of: x, y', n"
              + " INT>");

  @Test
  void typedValuesFromFencedJsonWithProse() {
    String text =
        "Here you go:\n```json\n{\"s\": \"hi\", \"i\": 7, \"l\": 9000000000, \"d\": 1.5,"
            + " \"f\": 2.25, \"b\": true, \"m\": 3.1, \"day\": \"2024-02-29\","
            + " \"ts\": \"2024-01-02T03:04:05Z\", \"tags\": [\"a\", null], \"o\": {\"k\": \"y\","
            + " \"n\": 1}}\n```\nHope this helps.";
    TypedRecord r = TypedJsonReader.read(SCHEMA, text);
    Map<String, Object> f = r.fields();
    assertThat(f.get("s")).isEqualTo("hi");
    assertThat(f.get("i")).isEqualTo(7);
    assertThat(f.get("l")).isEqualTo(9_000_000_000L);
    assertThat(f.get("d")).isEqualTo(1.5);
    assertThat(f.get("f")).isEqualTo(2.25f);
    assertThat(f.get("b")).isEqualTo(true);
    assertThat(f.get("m")).isEqualTo(new BigDecimal("3.10"));
    assertThat(f.get("day")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(f.get("ts")).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(f.get("tags")).isEqualTo(Arrays.asList("a", null));
    assertThat(f.get("o")).isEqualTo(Map.of("k", "y", "n", 1));
    assertThat(r.nullReasons()).containsOnlyKeys("tags[1]");
    assertThat(r.nullReasons().get("tags[1]")).isEqualTo(TypedJsonReader.MODEL_NULL);
  }

  @Test
  void wrongTypesMissingFieldsAndNullsHaveReasons() {
    String text =
        "{\"s\": null, \"i\": 3000000000, \"m\": 1.234, \"day\": \"2023-02-29\","
            + " \"o\": {\"k\": \"z\", \"n\": \"one\"}, \"b\": \"yes\"}";
    TypedRecord r = TypedJsonReader.read(SCHEMA, text);
    assertThat(r.fields())
        .containsOnlyKeys("s", "i", "l", "d", "f", "b", "m", "day", "ts", "tags", "o");
    assertThat(r.nullReasons()).containsEntry("s", TypedJsonReader.MODEL_NULL);
    assertThat(r.nullReasons().get("i")).startsWith("not a valid INT");
    assertThat(r.nullReasons().get("m")).startsWith("not a valid DECIMAL(6,2)");
    assertThat(r.nullReasons().get("day")).startsWith("not a valid DATE");
    assertThat(r.nullReasons().get("b")).startsWith("not a valid BOOLEAN");
    assertThat(r.nullReasons().get("l")).isEqualTo("missing in model output");
    assertThat(r.nullReasons().get("o.k")).startsWith("not a valid STRING");
    assertThat(r.nullReasons().get("o.n")).startsWith("not a valid INT");
  }

  @Test
  void unparseableOrNullOutputGivesAllNullFieldsWithTheReason() {
    TypedRecord garbage = TypedJsonReader.read(SCHEMA, "I could not read the receipt {");
    assertThat(garbage.fields().values()).containsOnlyNulls();
    assertThat(garbage.nullReasons().get("s")).startsWith("unparseable output");
    TypedRecord nul = TypedJsonReader.read(SCHEMA, "null");
    assertThat(nul.nullReasons().values()).containsOnly(TypedJsonReader.MODEL_NULL);
    TypedRecord empty = TypedJsonReader.read(SCHEMA, "");
    assertThat(empty.nullReasons().get("i")).isEqualTo("empty output");
  }
}
