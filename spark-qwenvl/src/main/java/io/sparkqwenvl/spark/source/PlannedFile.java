package io.sparkqwenvl.spark.source;

import java.io.Serializable;

/**
 * One file as planned on the driver: its listing facts and what its header said. A file whose
 * header could not be read is still planned (with a default cost); the reader then turns it into a
 * row, usually an error row.
 *
 * @param path full path as Hadoop sees it (may carry credentials; never shown as is)
 * @param size length in bytes
 * @param modificationTime milliseconds since the epoch
 * @param mediaType "image" or "video" from the header, else from the extension
 * @param width header width, 0 when unknown
 * @param height header height, 0 when unknown
 * @param durationSeconds header duration, 0 when unknown or an image
 * @param estimatedCost estimated tokens (visual + prompt + generated)
 */
record PlannedFile(
    String path,
    long size,
    long modificationTime,
    String mediaType,
    int width,
    int height,
    double durationSeconds,
    long estimatedCost)
    implements Serializable {}
