package io.sparkqwenvl.tasks;

import io.sparkqwenvl.generate.GenerationConfig;
import java.util.Objects;

/**
 * A task with its parameters.
 *
 * @param kind the task
 * @param prompt user prompt override (null: the task's recommended prompt); required for PROMPT
 * @param systemPrompt system prompt override (null: the task's default)
 * @param target phrase to locate (DETECT only)
 * @param schemaDdl Spark DDL of the fields to extract (EXTRACT only), e.g. {@code "total
 *     DECIMAL(10,2), issued DATE"}
 * @param generation generation settings
 */
public record TaskSpec(
    TaskKind kind,
    String prompt,
    String systemPrompt,
    String target,
    String schemaDdl,
    GenerationConfig generation) {

  public TaskSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(generation, "generation");
    if (kind == TaskKind.DETECT && (target == null || target.isBlank()) && prompt == null) {
      throw new IllegalArgumentException("task detect needs a target phrase");
    }
    if (kind == TaskKind.EXTRACT && (schemaDdl == null || schemaDdl.isBlank())) {
      throw new IllegalArgumentException("task extract needs a schema (DDL string)");
    }
    if (kind == TaskKind.PROMPT && (prompt == null || prompt.isBlank())) {
      throw new IllegalArgumentException("task prompt needs a prompt");
    }
  }

  public static TaskSpec of(TaskKind kind, GenerationConfig generation) {
    return new TaskSpec(kind, null, null, null, null, generation);
  }
}
