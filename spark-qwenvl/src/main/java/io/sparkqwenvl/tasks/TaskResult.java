package io.sparkqwenvl.tasks;

import io.sparkqwenvl.generate.FinishReason;
import java.util.List;
import java.util.Map;

/**
 * What one annotation produced. Exactly one of {@code error} or the task's value is meaningful; a
 * failure is a result, never an exception, so a bad file becomes an error row.
 *
 * @param task the task
 * @param text raw decoded output (special tokens skipped); null on failure before generation
 * @param boxes for DETECT, boxes in original pixels; empty otherwise
 * @param fields for EXTRACT, the typed value of each schema field (Java types: String, Integer,
 *     Long, Double, Float, Boolean, BigDecimal, LocalDate, Instant, List, Map for structs); null
 *     for a field the model could not provide
 * @param nullReasons for EXTRACT, why a field is null, keyed by field path
 * @param finishReason why generation ended; ERROR on failure
 * @param error failure message naming the input and the reason; null on success
 * @param errorStage stage that failed: read, decode, preprocess, prompt, generate, parse
 * @param repetitionDetected true when a repetition loop was found (and cut)
 * @param promptTokens prompt length including vision tokens
 * @param outputTokens generated tokens
 * @param latencyMillis wall time from submission to result
 * @param width original width (after EXIF), 0 if unknown
 * @param height original height (after EXIF), 0 if unknown
 * @param durationSeconds video duration, null for images
 */
public record TaskResult(
    TaskKind task,
    String text,
    List<Box> boxes,
    Map<String, Object> fields,
    Map<String, String> nullReasons,
    FinishReason finishReason,
    String error,
    String errorStage,
    boolean repetitionDetected,
    int promptTokens,
    int outputTokens,
    long latencyMillis,
    int width,
    int height,
    Double durationSeconds) {

  /** A failed annotation. */
  public static TaskResult failure(TaskKind task, String stage, String error, long latencyMillis) {
    return new TaskResult(
        task,
        null,
        List.of(),
        null,
        Map.of(),
        FinishReason.ERROR,
        error,
        stage,
        false,
        0,
        0,
        latencyMillis,
        0,
        0,
        null);
  }

  public boolean ok() {
    return error == null;
  }
}
