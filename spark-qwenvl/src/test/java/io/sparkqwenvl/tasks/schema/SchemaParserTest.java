package io.sparkqwenvl.tasks.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkqwenvl.tasks.schema.DataType.ArrayType;
import io.sparkqwenvl.tasks.schema.DataType.DecimalType;
import io.sparkqwenvl.tasks.schema.DataType.StructType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaParserTest {

  @Test
  void parsesEveryTypeWithComments() {
    StructType t =
        SchemaParser.parse(
            "a STRING, b int, c INTEGER, d BIGINT, e LONG, f DOUBLE, g FLOAT, h BOOLEAN,"
                + " i DECIMAL(10, 2), j DATE, k TIMESTAMP COMMENT 'when', l decimal");
    assertThat(t.fields())
        .extracting(f -> f.type().ddl())
        .containsExactly(
            "STRING",
            "INT",
            "INT",
            "BIGINT",
            "BIGINT",
            "DOUBLE",
            "FLOAT",
            "BOOLEAN",
            "DECIMAL(10,2)",
            "DATE",
            "TIMESTAMP",
            "DECIMAL(10,0)");
    assertThat(t.fields().get(10).comment()).isEqualTo("when");
  }

  @Test
  void nestedArraysStructsAndBackquotes() {
    StructType t =
        SchemaParser.parse(
            "items ARRAY<STRUCT<name: STRING COMMENT 'item name', `unit price` DECIMAL(6,2)>>,"
                + " `we``ird` ARRAY<ARRAY<INT>> NOT NULL");
    ArrayType items = (ArrayType) t.fields().get(0).type();
    StructType item = (StructType) items.element();
    assertThat(item.fields()).extracting(StructField::name).containsExactly("name", "unit price");
    assertThat(item.fields().get(0).comment()).isEqualTo("item name");
    assertThat(((DecimalType) item.fields().get(1).type()).scale()).isEqualTo(2);
    assertThat(t.fields().get(1).name()).isEqualTo("we`ird");
    assertThat(t.fields().get(1).type().ddl()).isEqualTo("ARRAY<ARRAY<INT>>");
    assertThat(SchemaParser.parse(t.toDdlList())).isEqualTo(t);
  }

  @Test
  void enumsFromComments() {
    StructType t =
        SchemaParser.parse(
            "kind STRING COMMENT 'One of: invoice, receipt , \"credit note\"', n INT COMMENT 'one"
                + " of: 1,2', s STRING COMMENT 'the kind of document'");
    assertThat(t.fields().get(0).enumValues()).containsExactly("invoice", "receipt", "credit note");
    assertThat(t.fields().get(1).enumValues()).isEmpty();
    assertThat(t.fields().get(2).enumValues()).isEmpty();
  }

  @Test
  void errorsNameThePositionAndToken() {
    assertThatThrownBy(() -> SchemaParser.parse("a MAP<STRING,INT>"))
        .hasMessageContaining("unknown type 'MAP'")
        .hasMessageContaining("position");
    assertThatThrownBy(() -> SchemaParser.parse("a INT, a STRING"))
        .hasMessageContaining("duplicate field name 'a'");
    assertThatThrownBy(() -> SchemaParser.parse("a DECIMAL(3,5)"))
        .hasMessageContaining("DECIMAL(3,5)");
    assertThatThrownBy(() -> SchemaParser.parse("a ARRAY<INT"))
        .hasMessageContaining("expected '>'");
    assertThatThrownBy(() -> SchemaParser.parse(" ")).hasMessageContaining("empty schema");
    assertThatThrownBy(() -> SchemaParser.parse("a INT b"))
        .hasMessageContaining("expected ',' or end");
  }

  @Test
  void emptyStructIsAllowedNested() {
    StructType t = SchemaParser.parse("e STRUCT<>");
    assertThat(((StructType) t.fields().get(0).type()).fields()).isEqualTo(List.of());
  }
}
