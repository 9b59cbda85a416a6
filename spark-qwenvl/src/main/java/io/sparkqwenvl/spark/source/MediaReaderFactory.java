package io.sparkqwenvl.spark.source;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Creates a {@link MediaReader} per partition on the executors; carries the {@link ReadSpec}. */
final class MediaReaderFactory implements PartitionReaderFactory {

  private static final long serialVersionUID = 1L;

  private final ReadSpec spec;

  MediaReaderFactory(ReadSpec spec) {
    this.spec = spec;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    if (!(partition instanceof MediaInputPartition p)) {
      throw new IllegalArgumentException(
          "expected a MediaInputPartition, got " + partition.getClass().getName());
    }
    return new MediaReader(p, spec);
  }
}
