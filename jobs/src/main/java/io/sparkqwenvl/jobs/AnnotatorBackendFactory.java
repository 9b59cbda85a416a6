package io.sparkqwenvl.jobs;

import io.sparkqwenvl.model.hub.ModelResolver;
import io.sparkqwenvl.runtime.DjlDefaults;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.Annotator;
import io.sparkqwenvl.tasks.AnnotatorOptions;
import io.sparkqwenvl.tasks.TaskResult;
import java.util.List;

/**
 * The production backend: {@link Annotator} on the executor's device, with the model resolved by
 * {@link ModelResolver} (tiny, a folder, or a hub id downloaded once per host into the cache).
 */
public final class AnnotatorBackendFactory implements BackendFactory {

  private static final long serialVersionUID = 1L;

  /** Stored with every row annotated by the tiny random model. */
  public static final String TINY_NOTE =
      "tiny random test model: the text is meaningless (use a real model for real annotations)";

  @Override
  public AnnotationBackend open(BackendSettings s) {
    DjlDefaults.apply();
    Annotator annotator =
        Annotator.open(s.model(), AnnotatorOptions.defaults().withDevice(s.device()).withPrecision(s.precision()));
    String note = ModelResolver.isTiny(s.model()) ? TINY_NOTE : null;
    return new AnnotationBackend() {
      @Override
      public List<TaskResult> annotate(List<AnnotationRequest> requests) {
        return annotator.annotate(requests);
      }

      @Override
      public String modelId() {
        return s.model();
      }

      @Override
      public String modelRevision() {
        return annotator.modelInfo().revision();
      }

      @Override
      public String note() {
        return note;
      }

      @Override
      public void close() {
        annotator.close();
      }
    };
  }
}
