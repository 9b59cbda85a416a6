package io.sparkqwenvl.jobs;

import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.Box;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model stand-in for job tests: media bytes (by magic) give a deterministic text naming the task
 * and the content; anything else fails at stage "decode". Counts every annotated item in a static
 * counter and keeps the settings of every {@code open} (local mode: the executors are this JVM).
 */
final class FakeBackendFactory implements BackendFactory {

  private static final long serialVersionUID = 1L;
  static final AtomicInteger ANNOTATED = new AtomicInteger();

  /** How many opened backends were closed. */
  static final AtomicInteger CLOSED = new AtomicInteger();

  /** The settings each {@link #open} received, in order. */
  static final List<BackendSettings> OPENED = new CopyOnWriteArrayList<>();

  /** When set, every item fails at stage "generate" (a transient failure). */
  static final java.util.concurrent.atomic.AtomicBoolean FAIL_ALL =
      new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public AnnotationBackend open(BackendSettings settings) {
    OPENED.add(settings);
    return new AnnotationBackend() {
      @Override
      public List<TaskResult> annotate(List<AnnotationRequest> requests) {
        List<TaskResult> out = new ArrayList<>();
        for (AnnotationRequest r : requests) {
          ANNOTATED.incrementAndGet();
          out.add(result(r));
        }
        return out;
      }

      @Override
      public String modelId() {
        return settings.model();
      }

      @Override
      public String modelRevision() {
        return "fake-rev-" + settings.model();
      }

      @Override
      public String note() {
        return "fake model";
      }

      @Override
      public void close() {
        CLOSED.incrementAndGet();
      }
    };
  }

  private static TaskResult result(AnnotationRequest r) {
    TaskKind k = r.task().kind();
    if (FAIL_ALL.get()) {
      return TaskResult.failure(k, "generate", "engine out of memory for " + r.mediaId(), 1);
    }
    if (MediaSniffer.byMagic(r.content()) == null) {
      return TaskResult.failure(k, "decode", "cannot decode " + r.mediaId() + ": not an image", 1);
    }
    String hash = TaskKeys.sha256Hex(r.content()).substring(0, 8);
    List<Box> boxes =
        k == TaskKind.DETECT
            ? List.of(new Box(r.task().target(), 1, 2, 3, 4, 0.1, 0.2, 0.3, 0.4, null))
            : List.of();
    Map<String, Object> fields = k == TaskKind.EXTRACT ? Map.of("total", 12.5) : null;
    return new TaskResult(
        k,
        k.id() + " of " + hash,
        boxes,
        fields,
        Map.of(),
        FinishReason.STOP,
        null,
        null,
        false,
        20,
        5,
        3,
        32,
        24,
        null);
  }
}
