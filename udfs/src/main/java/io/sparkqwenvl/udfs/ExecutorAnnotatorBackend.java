package io.sparkqwenvl.udfs;

import io.sparkqwenvl.spark.ExecutorModelCache;
import io.sparkqwenvl.spark.QwenVlConf;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.Annotator;
import io.sparkqwenvl.tasks.TaskResult;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default backend: the {@link Annotator} of this executor JVM from {@link ExecutorModelCache}
 * (one model per model, device and precision, shared by all tasks), chosen by each call's options
 * over the session's settings. Counts the requests it has in flight across tasks, so tests and
 * benchmarks can see that the engine is offered batches.
 */
public final class ExecutorAnnotatorBackend
    implements AnnotationBackend, AnnotationBackend.Factory {

  private static final AtomicLong SUBMITTED = new AtomicLong();
  private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
  private static final AtomicInteger PEAK_IN_FLIGHT = new AtomicInteger();

  private final Map<String, String> sqlConf;
  // One task's view: options map of a call -> its annotator (the cache does the sharing).
  private final Map<Map<String, String>, Annotator> annotators = new HashMap<>();

  /** The factory, named by {@link QwenVlUdfProperties#BACKEND_DEFAULT}. */
  public ExecutorAnnotatorBackend() {
    this(Map.of());
  }

  private ExecutorAnnotatorBackend(Map<String, String> sqlConf) {
    this.sqlConf = Map.copyOf(sqlConf);
  }

  @Override
  public AnnotationBackend open(Map<String, String> sqlConf) {
    return new ExecutorAnnotatorBackend(sqlConf);
  }

  @Override
  public CompletableFuture<TaskResult> submit(
      Map<String, String> callOptions, AnnotationRequest request) {
    Annotator annotator =
        annotators.computeIfAbsent(
            callOptions, o -> ExecutorModelCache.get(new QwenVlConf(o, sqlConf)));
    SUBMITTED.incrementAndGet();
    PEAK_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
    // The annotator's own future: cancelling it (a task ending early) reaches the request.
    CompletableFuture<TaskResult> f = annotator.submit(request);
    f.whenComplete((r, e) -> IN_FLIGHT.decrementAndGet());
    return f;
  }

  /**
   * Counters of this JVM since it started or since {@link #resetStats}.
   *
   * @param submitted requests submitted
   * @param inFlight requests submitted and not finished now
   * @param peakInFlight most requests in flight at once
   */
  public record Stats(long submitted, int inFlight, int peakInFlight) {}

  /** A snapshot of the counters. */
  public static Stats stats() {
    return new Stats(SUBMITTED.get(), IN_FLIGHT.get(), PEAK_IN_FLIGHT.get());
  }

  /** Zeroes the submitted and peak counters (tests, benchmarks). */
  public static void resetStats() {
    SUBMITTED.set(0);
    PEAK_IN_FLIGHT.set(IN_FLIGHT.get());
  }
}
