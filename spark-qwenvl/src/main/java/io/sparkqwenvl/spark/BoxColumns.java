package io.sparkqwenvl.spark;

import io.sparkqwenvl.tasks.Box;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The Spark struct of one {@link Box}, shared by the {@code qwenvl} data source's {@code boxes}
 * column and the annotation job's table: label, the box in original pixels (x1, y1, x2, y2), the
 * same box normalized (nx1..ny2) and the video frame time.
 */
public final class BoxColumns {

  /** Documents how box coordinates are expressed (the column comment of {@code boxes}). */
  public static final String COMMENT =
      "coordinate_space: x1,y1,x2,y2 in pixels of the original media (after EXIF orientation),"
          + " clipped to it; nx1..ny2 the same box divided by the original width/height (0..1);"
          + " timestamp: seconds of the video frame, null for images";

  /** {@code struct<label:string, x1..y2:double, nx1..ny2:double, timestamp:double>}. */
  public static final StructType TYPE =
      new StructType()
          .add("label", DataTypes.StringType)
          .add("x1", DataTypes.DoubleType)
          .add("y1", DataTypes.DoubleType)
          .add("x2", DataTypes.DoubleType)
          .add("y2", DataTypes.DoubleType)
          .add("nx1", DataTypes.DoubleType)
          .add("ny1", DataTypes.DoubleType)
          .add("nx2", DataTypes.DoubleType)
          .add("ny2", DataTypes.DoubleType)
          .add("timestamp", DataTypes.DoubleType);

  private BoxColumns() {}

  /** {@code b} as an external row of {@link #TYPE}. */
  public static Row row(Box b) {
    return RowFactory.create(values(b, b.label()));
  }

  /** {@code b} as a Catalyst row of {@link #TYPE}. */
  public static InternalRow internalRow(Box b) {
    UTF8String label = b.label() == null ? null : UTF8String.fromString(b.label());
    return new GenericInternalRow(values(b, label));
  }

  private static Object[] values(Box b, Object label) {
    return new Object[] {
      label,
      b.x1(),
      b.y1(),
      b.x2(),
      b.y2(),
      b.nx1(),
      b.ny1(),
      b.nx2(),
      b.ny2(),
      b.timestampSeconds()
    };
  }
}
