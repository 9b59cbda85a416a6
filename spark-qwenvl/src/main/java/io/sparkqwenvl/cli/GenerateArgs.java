package io.sparkqwenvl.cli;

import io.sparkqwenvl.model.ModelOptions;
import io.sparkqwenvl.model.Precision;
import io.sparkqwenvl.tasks.MediaOptions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Arguments of {@code qwenvl generate}. Every problem is an {@link IllegalArgumentException} whose
 * message names the option and the value (the caller prints it with the usage, exit status 2).
 *
 * @param model "tiny", a checkpoint directory or a Hugging Face id {@code org/name[@revision]}
 * @param image the image file, or null when {@code video} is given
 * @param video the video file, or null when {@code image} is given
 * @param fps video sampling rate (null: 2.0, as qwen-vl-utils)
 * @param maxFrames upper bound on sampled video frames (null: 768)
 * @param minPixels smart_resize lower bound (null: the model's preprocessor_config.json)
 * @param maxPixels smart_resize upper bound (null: the model's preprocessor_config.json)
 * @param prompt the user's text, placed after the image or video
 * @param system the system prompt (null: "You are a helpful assistant.")
 * @param maxNewTokens generation limit
 * @param greedy do_sample=false, keeping the generation config's repetition penalty
 * @param device cpu | gpu | gpu:N
 * @param precision FP32 or FP16_MIXED (null: FP32 on cpu, FP16_MIXED on a GPU)
 * @param json print one JSON object instead of the readable form
 */
record GenerateArgs(
    String model,
    Path image,
    Path video,
    Double fps,
    Integer maxFrames,
    Integer minPixels,
    Integer maxPixels,
    String prompt,
    String system,
    int maxNewTokens,
    boolean greedy,
    String device,
    Precision precision,
    boolean json) {

  /** Default generation limit. */
  static final int DEFAULT_MAX_NEW_TOKENS = 128;

  static final String USAGE =
      String.join(
          "\n",
          "usage: qwenvl generate --model DIR|HF_ID|tiny (--image FILE | --video FILE [--fps F]"
              + " [--max-frames N])",
          "         [--min-pixels N] [--max-pixels N] --prompt TEXT [--system TEXT]"
              + " [--max-new-tokens N]",
          "         [--greedy] [--device cpu|gpu|gpu:N] [--precision fp32|fp16-mixed] [--json]",
          "",
          "Runs Qwen2.5-VL on one image or video and prints the answer. The prompt is the model's"
              + " chat",
          "template: a system turn, then one user turn with the image/video BEFORE the text.",
          "  --model           tiny (random test weights, meaningless text), a checkpoint"
              + " directory,",
          "                    or a Hugging Face id org/name[@revision] (downloaded once)",
          "  --image/--video   the media file (exactly one)",
          "  --fps, --max-frames  video sampling (default 2.0 fps, at most 768 frames)",
          "  --min-pixels, --max-pixels  resize bounds; default: the model's"
              + " preprocessor_config.json",
          "                    for images, qwen-vl-utils' per-frame video budget for videos",
          "  --prompt          the user's text (required)",
          "  --system          system prompt (default \"You are a helpful assistant.\")",
          "  --max-new-tokens  generation limit (default " + DEFAULT_MAX_NEW_TOKENS + ")",
          "  --greedy          do_sample=false: argmax decoding that KEEPS the repetition penalty"
              + " of",
          "                    generation_config.json. Without it the model's"
              + " generation_config.json",
          "                    decides (Qwen's amounts to greedy after a 1.05 repetition penalty).",
          "  --device          cpu (default), gpu or gpu:N",
          "  --precision       fp32 (default on cpu) or fp16-mixed (default on a GPU)",
          "  --json            print one JSON object (grid, prompt_tokens, generated_token_ids,"
              + " text,",
          "                    finish_reason, model, revision, sizes, timings)",
          "Exit status: 0 ok, 1 bad input or failure (one line on stderr), 2 bad usage.");

  private static final Set<String> FLAGS = Set.of("--greedy", "--json");

  /** Parses the command line ({@code --opt value} or {@code --opt=value}). */
  static GenerateArgs parse(String[] args) {
    Builder b = new Builder();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String opt = args[i];
      String value = null;
      int eq = opt.indexOf('=');
      if (opt.startsWith("--") && eq > 0) {
        value = opt.substring(eq + 1);
        opt = opt.substring(0, eq);
      }
      if (!seen.add(opt)) {
        throw new IllegalArgumentException(opt + " is given twice");
      }
      if (FLAGS.contains(opt)) {
        if (value != null) {
          throw new IllegalArgumentException(opt + " takes no value");
        }
        b.flag(opt);
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(opt + " needs a value");
        }
        value = args[++i];
      }
      b.option(opt, value);
    }
    return b.build();
  }

  /** The preprocessing options (nulls fall back to the model's / qwen-vl-utils' defaults). */
  MediaOptions mediaOptions() {
    return new MediaOptions(minPixels, maxPixels, fps, maxFrames, null);
  }

  /** The media file, whichever of --image / --video was given. */
  Path media() {
    return image != null ? image : video;
  }

  /** Device and precision for the model. */
  ModelOptions modelOptions() {
    Precision p = precision;
    if (p == null) {
      p = device.equals("cpu") ? Precision.FP32 : Precision.FP16_MIXED;
    }
    return new ModelOptions(device, p);
  }

  /** Mutable state while parsing. */
  private static final class Builder {
    String model;
    Path image;
    Path video;
    Double fps;
    Integer maxFrames;
    Integer minPixels;
    Integer maxPixels;
    String prompt;
    String system;
    int maxNewTokens = DEFAULT_MAX_NEW_TOKENS;
    boolean greedy;
    String device = "cpu";
    Precision precision;
    boolean json;

    void flag(String opt) {
      if (opt.equals("--greedy")) {
        greedy = true;
      } else {
        json = true;
      }
    }

    void option(String opt, String v) {
      switch (opt) {
        case "--model" -> model = nonBlank(opt, v);
        case "--image" -> image = Path.of(nonBlank(opt, v));
        case "--video" -> video = Path.of(nonBlank(opt, v));
        case "--fps" -> fps = positiveDouble(opt, v);
        case "--max-frames" -> maxFrames = positiveInt(opt, v);
        case "--min-pixels" -> minPixels = positiveInt(opt, v);
        case "--max-pixels" -> maxPixels = positiveInt(opt, v);
        case "--prompt" -> prompt = v;
        case "--system" -> system = v;
        case "--max-new-tokens" -> maxNewTokens = positiveInt(opt, v);
        case "--device" -> device = device(v);
        case "--precision" -> precision = precision(v);
        default -> throw new IllegalArgumentException("unknown option '" + opt + "'");
      }
    }

    GenerateArgs build() {
      if (model == null) {
        throw new IllegalArgumentException("--model is required");
      }
      if ((image == null) == (video == null)) {
        throw new IllegalArgumentException("exactly one of --image and --video is required");
      }
      if (prompt == null || prompt.isBlank()) {
        throw new IllegalArgumentException("--prompt is required");
      }
      if (image != null && (fps != null || maxFrames != null)) {
        throw new IllegalArgumentException("--fps and --max-frames apply to --video only");
      }
      if (minPixels != null && maxPixels != null && minPixels > maxPixels) {
        throw new IllegalArgumentException(
            "--min-pixels " + minPixels + " is larger than --max-pixels " + maxPixels);
      }
      return new GenerateArgs(
          model,
          image,
          video,
          fps,
          maxFrames,
          minPixels,
          maxPixels,
          prompt,
          system,
          maxNewTokens,
          greedy,
          device,
          precision,
          json);
    }
  }

  private static String nonBlank(String opt, String v) {
    if (v.isBlank()) {
      throw new IllegalArgumentException(opt + " needs a non-empty value");
    }
    return v.trim();
  }

  private static int positiveInt(String opt, String v) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the value
    }
    throw new IllegalArgumentException(opt + " expects a positive integer, got '" + v + "'");
  }

  private static double positiveDouble(String opt, String v) {
    try {
      double d = Double.parseDouble(v.trim());
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below with the value
    }
    throw new IllegalArgumentException(opt + " expects a positive number, got '" + v + "'");
  }

  private static String device(String v) {
    String d = v.trim().toLowerCase(Locale.ROOT);
    if (!d.equals("cpu") && !d.equals("gpu") && !d.matches("gpu:\\d+")) {
      throw new IllegalArgumentException("--device must be cpu, gpu or gpu:N, got '" + v + "'");
    }
    return d;
  }

  private static Precision precision(String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "fp32" -> Precision.FP32;
      case "fp16-mixed" -> Precision.FP16_MIXED;
      default ->
          throw new IllegalArgumentException(
              "--precision must be fp32 or fp16-mixed, got '" + v + "'");
    };
  }
}
