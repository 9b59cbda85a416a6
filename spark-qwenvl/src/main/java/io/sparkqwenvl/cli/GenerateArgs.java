package io.sparkqwenvl.cli;

import io.sparkqwenvl.tasks.TaskKind;
import java.nio.file.Path;

/**
 * Arguments of {@code qwenvl generate}.
 *
 * @param model "tiny", a checkpoint directory or a Hugging Face id
 * @param media image or video file
 * @param task what to do (caption by default)
 * @param prompt user prompt (required for task prompt; overrides the task's prompt otherwise)
 * @param target phrase to locate (detect)
 * @param schema Spark DDL of the fields (extract)
 * @param maxNewTokens generation limit
 * @param device cpu | gpu | gpu:N
 */
record GenerateArgs(
    String model,
    Path media,
    TaskKind task,
    String prompt,
    String target,
    String schema,
    int maxNewTokens,
    String device) {

  static final String USAGE =
      "usage: qwenvl generate --model tiny|DIR|HF_ID --media FILE [--task caption|caption_detailed"
          + "|ocr|ocr_html|detect|extract|prompt] [--prompt TEXT] [--target PHRASE]"
          + " [--schema DDL] [--max-new-tokens N] [--device cpu|gpu|gpu:N]";

  /** Parses the command line; errors name the offending argument. */
  static GenerateArgs parse(String[] args) {
    String model = null;
    Path media = null;
    TaskKind task = TaskKind.CAPTION;
    String prompt = null;
    String target = null;
    String schema = null;
    int maxNew = 256;
    String device = "cpu";
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--model" -> model = v;
        case "--media" -> media = Path.of(v);
        case "--task" -> task = TaskKind.parse(v);
        case "--prompt" -> prompt = v;
        case "--target" -> target = v;
        case "--schema" -> schema = v;
        case "--max-new-tokens" -> maxNew = positive(v);
        case "--device" -> device = v;
        default ->
            throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + USAGE);
      }
    }
    if (model == null || media == null) {
      throw new IllegalArgumentException("--model and --media are required\n" + USAGE);
    }
    return new GenerateArgs(model, media, task, prompt, target, schema, maxNew, device);
  }

  private static int positive(String v) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the value
    }
    throw new IllegalArgumentException(
        "--max-new-tokens expects a positive integer, got '" + v + "'");
  }
}
