package io.sparkqwenvl.jobs;

import java.io.Serializable;

/**
 * A corpus file found by the scan.
 *
 * @param path URI string as Spark lists it
 * @param size bytes
 * @param modifiedMillis modification time
 * @param contentHash SHA-256 hex of the bytes, or the path when the scan could not read the file
 * @param kind image or video
 */
public record ScannedFile(
    String path, long size, long modifiedMillis, String contentHash, String kind)
    implements Serializable {}
