package io.sparkqwenvl.jobs;

import java.io.Serializable;
import java.util.List;

/**
 * One file to annotate, with the indexes (into the job's task list) of the tasks it still needs.
 *
 * @param contentHash SHA-256 of the bytes, or the path when the scan could not read the file
 * @param path where to read it (the first path seen with this content)
 * @param size bytes
 * @param modifiedMillis modification time
 * @param kind image or video
 * @param tasks indexes into the job's task list
 */
public record WorkItem(
    String contentHash,
    String path,
    long size,
    long modifiedMillis,
    String kind,
    List<Integer> tasks)
    implements Serializable {}
