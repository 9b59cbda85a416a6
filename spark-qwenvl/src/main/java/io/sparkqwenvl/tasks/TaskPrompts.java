package io.sparkqwenvl.tasks;

import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.tasks.grammar.JsonText;
import io.sparkqwenvl.tasks.schema.DataType;
import io.sparkqwenvl.tasks.schema.StructField;
import java.util.List;

/**
 * The prompts of each task, following the Qwen2.5-VL cookbooks (facts §7.2); {@link
 * TaskSpec#prompt()} and {@link TaskSpec#systemPrompt()} override them ("{target}" in a DETECT
 * override is replaced by the target phrase).
 */
public final class TaskPrompts {

  /** System prompt of QwenVL HTML document parsing. */
  public static final String DOC_PARSER_SYSTEM =
      "You are an AI specialized in recognizing and extracting text from images. Your mission is"
          + " to analyze the image document and generate the result in QwenVL Document Parser"
          + " HTML format using specified tags while maintaining user privacy and data integrity.";

  /**
   * A system prompt (null: the chat template's default "You are a helpful assistant.") and the user
   * text that follows the media.
   */
  public record Prompt(String system, String user) {}

  private TaskPrompts() {}

  /**
   * Prompts for {@code spec} on media of {@code kind}.
   *
   * @param schema the parsed schema for EXTRACT, else ignored (may be null)
   */
  public static Prompt of(TaskSpec spec, VisionInput.Kind kind, DataType.StructType schema) {
    Prompt p = defaults(spec, kind == VisionInput.Kind.VIDEO ? "video" : "image", schema);
    String user = p.user();
    if (spec.prompt() != null) {
      user =
          spec.target() == null ? spec.prompt() : spec.prompt().replace("{target}", spec.target());
    }
    return new Prompt(spec.systemPrompt() != null ? spec.systemPrompt() : p.system(), user);
  }

  private static Prompt defaults(TaskSpec spec, String media, DataType.StructType schema) {
    return switch (spec.kind()) {
      case CAPTION -> new Prompt(null, "Describe this " + media + ".");
      case CAPTION_DETAILED ->
          new Prompt(
              null,
              "Describe this "
                  + media
                  + " in detail, including the main subjects, their attributes and actions, the"
                  + " setting, and any visible text.");
      case OCR ->
          new Prompt(
              null,
              "Read all the text in the "
                  + media
                  + ". Output only the text in reading order, without any additional"
                  + " descriptions or formatting.");
      case OCR_HTML -> new Prompt(DOC_PARSER_SYSTEM, "QwenVL HTML ");
      case DETECT ->
          new Prompt(
              null,
              "Outline the position of each "
                  + spec.target()
                  + " and output all the coordinates in JSON format.");
      case EXTRACT -> new Prompt(null, extraction(schema));
      case PROMPT -> new Prompt(null, spec.prompt());
    };
  }

  /** The key-information-extraction prompt: JSON skeleton, then each field's type and comment. */
  static String extraction(DataType.StructType schema) {
    StringBuilder sb = new StringBuilder("Extract the key-value information in the format:");
    sb.append(skeleton(schema)).append("\nFields:");
    for (StructField f : schema.fields()) {
      sb.append("\n- ").append(f.name()).append(" (").append(describe(f.type())).append(')');
      List<String> values = f.enumValues();
      if (!values.isEmpty()) {
        sb.append(": one of ").append(String.join(", ", values));
      } else if (f.comment() != null && !f.comment().isBlank()) {
        sb.append(": ").append(f.comment().strip());
      }
    }
    sb.append("\nOutput only the JSON object with the keys in this order, without code fences or")
        .append(" any other text. Use null for a value that is not visible.");
    return sb.toString();
  }

  /**
   * Compact JSON with a typed placeholder per field, e.g. {"total": 0.00, "date": "YYYY-MM-DD"}.
   */
  static String skeleton(DataType t) {
    if (t instanceof DataType.StructType st) {
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < st.fields().size(); i++) {
        StructField f = st.fields().get(i);
        sb.append(i == 0 ? "" : ", ").append(JsonText.quote(f.name())).append(": ");
        sb.append(skeleton(f.type()));
      }
      return sb.append('}').toString();
    }
    if (t instanceof DataType.ArrayType at) {
      return "[" + skeleton(at.element()) + "]";
    }
    if (t instanceof DataType.DecimalType d) {
      return d.scale() == 0 ? "0" : "0." + "0".repeat(d.scale());
    }
    if (t instanceof DataType.DateType) {
      return "\"YYYY-MM-DD\"";
    }
    if (t instanceof DataType.TimestampType) {
      return "\"YYYY-MM-DDTHH:MM:SSZ\"";
    }
    if (t instanceof DataType.IntType || t instanceof DataType.LongType) {
      return "0";
    }
    if (t instanceof DataType.DoubleType || t instanceof DataType.FloatType) {
      return "0.0";
    }
    return t instanceof DataType.BooleanType ? "false" : "\"\"";
  }

  private static String describe(DataType t) {
    if (t instanceof DataType.DateType) {
      return "date, YYYY-MM-DD";
    }
    if (t instanceof DataType.TimestampType) {
      return "timestamp, YYYY-MM-DDTHH:MM:SSZ in UTC";
    }
    if (t instanceof DataType.DecimalType d) {
      return "number with at most " + d.scale() + " decimals";
    }
    if (t instanceof DataType.IntType || t instanceof DataType.LongType) {
      return "integer";
    }
    if (t instanceof DataType.DoubleType || t instanceof DataType.FloatType) {
      return "number";
    }
    if (t instanceof DataType.StructType) {
      return "object";
    }
    if (t instanceof DataType.ArrayType at) {
      return "list of " + describe(at.element());
    }
    return t instanceof DataType.BooleanType ? "true or false" : "string";
  }
}
