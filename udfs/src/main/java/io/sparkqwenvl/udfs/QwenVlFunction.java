package io.sparkqwenvl.udfs;

import io.sparkqwenvl.tasks.TaskKind;
import java.util.Locale;

/**
 * The SQL functions, their arity and the task each one runs. Argument 0 is always the media (the
 * binary {@code content} column of {@code binaryFile}, or a path string); functions with a text
 * argument take it at position 1; the optional options map comes last.
 */
enum QwenVlFunction {
  CAPTION("qwen_caption", TaskKind.CAPTION, null, "Describes the image or video."),
  OCR("qwen_ocr", TaskKind.OCR, null, "Reads the text of the image in reading order."),
  DETECT(
      "qwen_detect",
      TaskKind.DETECT,
      "target",
      "Boxes of the target phrase, in the original image's pixels:"
          + " array<struct<label, x1, y1, x2, y2>>."),
  EXTRACT(
      "qwen_extract",
      TaskKind.EXTRACT,
      "schema",
      "A struct of the given DDL schema (a string literal), filled by constrained decoding."),
  GENERATE("qwen_generate", TaskKind.PROMPT, "prompt", "The answer to a free prompt.");

  private final String sqlName;
  private final TaskKind kind;
  private final String textArgument;
  private final String description;

  QwenVlFunction(String sqlName, TaskKind kind, String textArgument, String description) {
    this.sqlName = sqlName;
    this.kind = kind;
    this.textArgument = textArgument;
    this.description = description;
  }

  /** The SQL name, e.g. {@code qwen_caption}. */
  String sqlName() {
    return sqlName;
  }

  /** The task this function runs (options may refine it, e.g. a detailed caption). */
  TaskKind kind() {
    return kind;
  }

  /** Name of the text argument at position 1, or null when the function has none. */
  String textArgument() {
    return textArgument;
  }

  /** Arguments without the options map. */
  int requiredArguments() {
    return textArgument == null ? 1 : 2;
  }

  /** Usage line shown by DESCRIBE FUNCTION. */
  String usage() {
    String args = textArgument == null ? "content" : "content, " + textArgument;
    return sqlName + "(" + args + "[, options]) - " + description;
  }

  /** The "Arguments:" block of DESCRIBE FUNCTION EXTENDED. */
  String argumentsDoc() {
    StringBuilder sb =
        new StringBuilder("\n    Arguments:\n")
            .append("      * content - BINARY media (binaryFile's content) or a STRING path\n");
    if (textArgument != null) {
      sb.append("      * ").append(textArgument).append(" - STRING");
      sb.append(
          this == EXTRACT ? " constant: DDL such as 'total DECIMAL(10,2), date DATE'\n" : "\n");
    }
    return sb.append(
            "      * options - optional constant MAP<STRING, STRING>: the qwenvl read options"
                + " (model, max-new-tokens, max-pixels, prompt, ...)\n  ")
        .toString();
  }

  /** The "Examples:" block of DESCRIBE FUNCTION EXTENDED. */
  String examplesDoc() {
    String args =
        switch (this) {
          case DETECT -> "content, 'cat'";
          case EXTRACT -> "content, 'title STRING, total DECIMAL(10,2)'";
          case GENERATE -> "content, 'Is there a person?', map('max-new-tokens', '16')";
          default -> "content";
        };
    return "\n    Examples:\n      > SELECT path, "
        + sqlName
        + "("
        + args
        + ") FROM binaryFile.`/data/images`;\n  ";
  }

  /** Looks up a function by SQL name, case-insensitively. */
  static QwenVlFunction byName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (QwenVlFunction f : values()) {
      if (f.sqlName.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown function " + name);
  }
}
