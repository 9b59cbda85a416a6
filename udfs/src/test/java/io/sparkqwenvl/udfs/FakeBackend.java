package io.sparkqwenvl.udfs;

import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.Box;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskResult;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test backend: answers each request after a short delay on its own threads, with outputs derived
 * from the request (so tests can check which row got which result), fails media that is neither PNG
 * nor JPEG, and records the requests and how many were in flight at once.
 */
public final class FakeBackend implements AnnotationBackend, AnnotationBackend.Factory {

  static final AtomicInteger IN_FLIGHT = new AtomicInteger();
  static final AtomicInteger PEAK_IN_FLIGHT = new AtomicInteger();
  static final List<AnnotationRequest> REQUESTS = new CopyOnWriteArrayList<>();
  static final List<Map<String, String>> OPTIONS = new CopyOnWriteArrayList<>();

  private static final ScheduledExecutorService TIMER =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "fake-backend");
            t.setDaemon(true);
            return t;
          });

  static void reset() {
    IN_FLIGHT.set(0);
    PEAK_IN_FLIGHT.set(0);
    REQUESTS.clear();
    OPTIONS.clear();
  }

  @Override
  public AnnotationBackend open(Map<String, String> sqlConf) {
    return this;
  }

  @Override
  public CompletableFuture<TaskResult> submit(
      Map<String, String> callOptions, AnnotationRequest request) {
    REQUESTS.add(request);
    OPTIONS.add(callOptions);
    PEAK_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
    CompletableFuture<TaskResult> f = new CompletableFuture<>();
    TIMER.schedule(
        () -> {
          IN_FLIGHT.decrementAndGet();
          f.complete(answer(request));
        },
        5,
        TimeUnit.MILLISECONDS);
    return f;
  }

  private static TaskResult answer(AnnotationRequest r) {
    TaskKind kind = r.task().kind();
    byte[] b = r.content();
    boolean image =
        b != null
            && b.length > 3
            && ((b[0] & 0xff) == 0x89 && b[1] == 'P'
                || (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8);
    if (!image) {
      return TaskResult.failure(kind, "decode", r.mediaId() + ": undecodable: not an image", 1);
    }
    String text =
        switch (kind) {
          case PROMPT -> "answer to '" + r.task().prompt() + "' about " + r.mediaId();
          default -> kind.id() + " of " + r.mediaId();
        };
    List<Box> boxes =
        kind == TaskKind.DETECT
            ? List.of(new Box(r.task().target(), 1, 2, 3, 4, 0.1, 0.2, 0.3, 0.4, null))
            : List.of();
    Map<String, Object> fields = null;
    if (kind == TaskKind.EXTRACT) {
      fields = new LinkedHashMap<>();
      fields.put("title", "t:" + r.mediaId());
      fields.put("total", new BigDecimal("12.50"));
      fields.put("issued", LocalDate.of(2024, 12, 4));
      fields.put("tags", List.of("a", "b"));
      fields.put("count", null);
    }
    return new TaskResult(
        kind,
        text,
        boxes,
        fields,
        Map.of(),
        FinishReason.STOP,
        null,
        null,
        false,
        10,
        3,
        1,
        32,
        24,
        null);
  }
}
