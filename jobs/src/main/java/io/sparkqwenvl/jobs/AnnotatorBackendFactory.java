package io.sparkqwenvl.jobs;

import io.sparkqwenvl.model.hub.ModelResolver;
import io.sparkqwenvl.spark.ExecutorModelCache;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.Annotator;
import io.sparkqwenvl.tasks.TaskResult;
import java.util.List;

/**
 * The production backend: the executor's shared {@link Annotator} from {@link ExecutorModelCache}
 * (one model per device and JVM, on the GPU Spark assigned to the task when the device is auto or
 * gpu), with the model resolved by {@link ModelResolver} (tiny, a folder, or a hub id downloaded
 * once per host into the cache). Device, precision, engine limits ({@code
 * spark.sql.qwenvl.engine.*}) and the cache folder ({@code spark.sql.qwenvl.cache-dir}) are those
 * of the {@link BackendSettings}, applied by the model cache exactly as for the data source.
 */
public final class AnnotatorBackendFactory implements BackendFactory {

  private static final long serialVersionUID = 1L;

  /** Stored with every row annotated by the tiny random model. */
  public static final String TINY_NOTE =
      "tiny random test model: the text is meaningless (use a real model for real annotations)";

  @Override
  public AnnotationBackend open(BackendSettings s) {
    Annotator annotator = ExecutorModelCache.get(s.conf());
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
        // The model belongs to ExecutorModelCache, which closes it when the executor stops.
      }
    };
  }
}
