package io.sparkqwenvl.tasks;

import java.util.Objects;

/**
 * One media item and one task.
 *
 * @param mediaId path or id used in error messages (never contains credentials)
 * @param content raw bytes of the file, or null to read {@code mediaId} as a path
 * @param task the task
 * @param media preprocessing options
 */
public record AnnotationRequest(String mediaId, byte[] content, TaskSpec task, MediaOptions media) {

  public AnnotationRequest {
    Objects.requireNonNull(mediaId, "mediaId");
    Objects.requireNonNull(task, "task");
    media = media == null ? MediaOptions.DEFAULTS : media;
  }
}
