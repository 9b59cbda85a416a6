package io.sparkqwenvl.jobs;

import java.io.Serializable;

/**
 * Opens the model on an executor. Serializable: it travels inside Spark tasks; {@link
 * BackendCache} keeps one opened backend per JVM and settings.
 */
public interface BackendFactory extends Serializable {

  /** Opens (loads) the model named by the settings. */
  AnnotationBackend open(BackendSettings settings);
}
