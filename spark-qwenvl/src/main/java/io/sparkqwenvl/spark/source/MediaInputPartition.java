package io.sparkqwenvl.spark.source;

import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * The files of one task, planned on the driver with similar estimated cost.
 *
 * @param index partition number, for messages
 * @param files the files, in path order
 * @param estimatedCost sum of the files' estimated tokens
 */
record MediaInputPartition(int index, List<PlannedFile> files, long estimatedCost)
    implements InputPartition {

  MediaInputPartition {
    files = List.copyOf(files);
  }
}
