package io.sparkqwenvl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.tasks.Box;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class BoxColumnsTest {

  private static final Box BOX = new Box("cat", 10, 20, 30, 40, 0.1, 0.2, 0.3, 0.4, 1.5);

  @Test
  void anExternalRowHoldsTheBoxInTheOrderOfTheType() {
    Row r = BoxColumns.row(BOX);
    assertThat(r.length()).isEqualTo(BoxColumns.TYPE.fields().length);
    assertThat(r.getString(BoxColumns.TYPE.fieldIndex("label"))).isEqualTo("cat");
    assertThat(r.getDouble(BoxColumns.TYPE.fieldIndex("x2"))).isEqualTo(30.0);
    assertThat(r.getDouble(BoxColumns.TYPE.fieldIndex("ny1"))).isEqualTo(0.2);
    assertThat(r.get(BoxColumns.TYPE.fieldIndex("timestamp"))).isEqualTo(1.5);
  }

  @Test
  void aCatalystRowCarriesTheLabelAsUtf8AndNullsThrough() {
    InternalRow r = BoxColumns.internalRow(BOX);
    assertThat(r.numFields()).isEqualTo(BoxColumns.TYPE.fields().length);
    assertThat(r.getUTF8String(0)).isEqualTo(UTF8String.fromString("cat"));
    assertThat(r.getDouble(BoxColumns.TYPE.fieldIndex("nx2"))).isEqualTo(0.3);
    InternalRow image = BoxColumns.internalRow(new Box(null, 1, 2, 3, 4, 0.1, 0.2, 0.3, 0.4, null));
    assertThat(image.isNullAt(0)).isTrue();
    assertThat(image.isNullAt(BoxColumns.TYPE.fieldIndex("timestamp"))).isTrue();
  }
}
