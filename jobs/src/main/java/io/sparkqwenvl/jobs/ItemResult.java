package io.sparkqwenvl.jobs;

import io.sparkqwenvl.tasks.Box;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one file and one task, flattened into serializable values on the executor.
 *
 * @param item the file
 * @param taskIndex index into the job's task list
 * @param ok true on success
 * @param text raw model output
 * @param boxes detected boxes (detect), empty otherwise; an immutable, serializable list
 * @param fieldsJson extracted fields as a JSON object (extract), null otherwise
 * @param nullReasons why extracted fields are null
 * @param finishReason why generation ended
 * @param repetition a repetition loop was cut
 * @param promptTokens prompt length
 * @param outputTokens generated tokens
 * @param latencyMillis wall time of the item
 * @param width original width
 * @param height original height
 * @param durationSeconds video duration
 * @param stage failing stage (read, decode, preprocess, prompt, generate, parse)
 * @param error failure reason
 */
public record ItemResult(
    WorkItem item,
    int taskIndex,
    boolean ok,
    String text,
    List<Box> boxes,
    String fieldsJson,
    Map<String, String> nullReasons,
    String finishReason,
    boolean repetition,
    int promptTokens,
    int outputTokens,
    long latencyMillis,
    int width,
    int height,
    Double durationSeconds,
    String stage,
    String error)
    implements Serializable {

  /** A failure of one task on one file. */
  public static ItemResult failure(WorkItem item, int task, String stage, String error) {
    return new ItemResult(
        item, task, false, null, List.of(), null, Map.of(), "error", false, 0, 0, 0, 0, 0, null,
        stage, error);
  }
}
