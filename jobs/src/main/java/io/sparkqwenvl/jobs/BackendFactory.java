package io.sparkqwenvl.jobs;

import java.io.Serializable;

/**
 * Opens the model on an executor. Serializable: it travels inside Spark tasks. Called once per
 * partition, so implementations keep loaded models in a JVM-wide cache (the production factory uses
 * {@code ExecutorModelCache}).
 */
public interface BackendFactory extends Serializable {

  /** The backend of the settings, loading the model on first use in this JVM. */
  AnnotationBackend open(BackendSettings settings);
}
