package io.sparkqwenvl.jobs;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the {@code --tasks} syntax: a comma-separated list of {@code name} or {@code name=value}
 * items, where a value may be quoted with ' or " to hold commas, e.g. {@code caption,ocr,
 * detect=cat,extract='total DOUBLE, issued DATE',prompt="What is shown?"}. The value is the target
 * phrase for detect, the Spark DDL schema for extract and the user prompt for every other task
 * (optional there, required for prompt).
 */
public final class TaskListParser {

  private TaskListParser() {}

  /** Parses the list; every task gets {@code generation}. */
  public static List<TaskSpec> parse(String spec, GenerationConfig generation) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("--tasks is empty; e.g. --tasks caption,ocr,detect=cat");
    }
    List<TaskSpec> out = new ArrayList<>();
    for (String item : split(spec)) {
      int eq = item.indexOf('=');
      String name = (eq < 0 ? item : item.substring(0, eq)).trim();
      String value = eq < 0 ? null : unquote(item.substring(eq + 1).trim());
      TaskKind kind = TaskKind.parse(name);
      out.add(spec(kind, value, generation, item));
    }
    return out;
  }

  private static TaskSpec spec(TaskKind kind, String value, GenerationConfig gen, String item) {
    try {
      return switch (kind) {
        case DETECT -> new TaskSpec(kind, null, null, value, null, gen);
        case EXTRACT -> new TaskSpec(kind, null, null, null, value, gen);
        default -> new TaskSpec(kind, value, null, null, null, gen);
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--tasks item '"
              + item
              + "': "
              + e.getMessage()
              + " (e.g. detect=cat, extract='total DOUBLE')",
          e);
    }
  }

  /** Splits on commas that are outside quotes; empty items are an error. */
  static List<String> split(String spec) {
    List<String> items = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ',') {
        items.add(nonEmpty(cur.toString(), spec));
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed quote " + quote + " in --tasks " + spec);
    }
    items.add(nonEmpty(cur.toString(), spec));
    return items;
  }

  private static String nonEmpty(String item, String spec) {
    if (item.isBlank()) {
      throw new IllegalArgumentException("empty item in --tasks " + spec);
    }
    return item.trim();
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && (v.charAt(0) == '\'' || v.charAt(0) == '"')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
