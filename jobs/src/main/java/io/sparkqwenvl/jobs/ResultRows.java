package io.sparkqwenvl.jobs;

import io.sparkqwenvl.spark.BoxColumns;
import io.sparkqwenvl.spark.Redaction;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Turns flattened results into rows of the annotations and quarantine tables (credentials removed).
 */
final class ResultRows {

  private final List<String> taskIds;
  private final List<String> promptHashes;
  private final List<String> promptTexts;
  private final AnnotationBackend.Info model;
  private final String runId;

  ResultRows(
      List<String> taskIds,
      List<String> promptHashes,
      List<String> promptTexts,
      AnnotationBackend.Info model,
      String runId) {
    this.taskIds = taskIds;
    this.promptHashes = promptHashes;
    this.promptTexts = promptTexts;
    this.model = model;
    this.runId = runId;
  }

  Row annotation(ItemResult r, Timestamp now) {
    WorkItem f = r.item();
    int t = r.taskIndex();
    List<Object> v = keyAndFile(r);
    v.addAll(
        Arrays.asList(
            new Timestamp(f.modifiedMillis()),
            f.kind(),
            r.width(),
            r.height(),
            r.durationSeconds(),
            promptTexts.get(t),
            answer(r, taskIds.get(t)),
            r.boxes().stream().map(BoxColumns::row).toList(),
            r.fieldsJson(),
            r.text(),
            r.nullReasons(),
            r.finishReason(),
            r.repetition(),
            r.promptTokens(),
            r.outputTokens(),
            r.latencyMillis(),
            model.modelId(),
            model.note(),
            runId,
            now));
    return RowFactory.create(v.toArray());
  }

  Row quarantine(ItemResult r, Timestamp now) {
    List<Object> v = keyAndFile(r);
    v.addAll(
        Arrays.asList(
            r.item().kind(), r.stage(), Redaction.redact(r.error()), 1, runId, runId, now));
    return RowFactory.create(v.toArray());
  }

  /**
   * The columns both tables start with ({@link TableSchemas#keyAndFile}): the key, then the file's
   * path (credentials removed) and size.
   */
  private List<Object> keyAndFile(ItemResult r) {
    WorkItem f = r.item();
    int t = r.taskIndex();
    return new ArrayList<>(
        Arrays.asList(
            f.contentHash(),
            taskIds.get(t),
            promptHashes.get(t),
            model.revision(),
            Redaction.path(f.path()),
            f.size()));
  }

  /** The text column: the answer of text tasks; null for detect and extract (see raw_text). */
  private static String answer(ItemResult r, String task) {
    return task.equals("detect") || task.equals("extract") ? null : r.text();
  }

  String key(ItemResult r) {
    int t = r.taskIndex();
    return WorkPlanner.key(
        r.item().contentHash(), taskIds.get(t), promptHashes.get(t), model.revision());
  }
}
