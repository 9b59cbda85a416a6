package io.sparkqwenvl.udfs;

import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.TaskResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the batched operator sends its calls on an executor. Implementations are thread-safe and
 * shared by all tasks of the JVM; a request's bad media completes the future with a failed {@link
 * TaskResult}, while an exceptional completion means the backend itself failed (the task fails).
 */
public interface AnnotationBackend {

  /**
   * Queues one request; may block while the backend's queue is full.
   *
   * @param callOptions the call's options map (lower-case keys); its model, device and precision
   *     entries, over the session settings given to {@link Factory#open}, choose the model
   * @param request the media and the task
   */
  CompletableFuture<TaskResult> submit(Map<String, String> callOptions, AnnotationRequest request);

  /**
   * Opens (or finds) the backend of this JVM. Implementations have a public no-argument constructor
   * and are named by {@link QwenVlUdfProperties#BACKEND}.
   */
  interface Factory {

    /**
     * @param sqlConf the {@code spark.sql.qwenvl.*} session settings captured when the query was
     *     planned
     */
    AnnotationBackend open(Map<String, String> sqlConf);
  }
}
