package io.sparkqwenvl.jobs;

import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.TaskResult;
import java.util.List;

/**
 * What the job needs from a model on an executor: annotate a batch (order kept, bad media become
 * failure results, never exceptions) and say which model it is.
 */
public interface AnnotationBackend extends AutoCloseable {

  /** Annotates the requests; result i belongs to request i. */
  List<TaskResult> annotate(List<AnnotationRequest> requests);

  /** The model as the user named it (tiny, a folder, a hub id). */
  String modelId();

  /** Revision of the weights (content hash); part of the table key. */
  String modelRevision();

  /** A caveat stored with every row (e.g. the tiny model's text is meaningless), or null. */
  String note();

  /** The three descriptive values, serializable, for the driver. */
  default Info info() {
    return new Info(modelId(), modelRevision(), note());
  }

  @Override
  void close();

  /**
   * Which model annotated.
   *
   * @param modelId as named
   * @param revision weights revision
   * @param note caveat or null
   */
  record Info(String modelId, String revision, String note) implements java.io.Serializable {}
}
