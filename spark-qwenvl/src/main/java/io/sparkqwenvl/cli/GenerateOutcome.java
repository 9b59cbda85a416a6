package io.sparkqwenvl.cli;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.preprocess.VisionInput;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code qwenvl generate} prints. JSON fields, in order: {@code model} (as given), {@code
 * model_dir}, {@code revision}, {@code device}, {@code precision}, {@code media}, {@code
 * media_kind} (image|video), {@code original_size} and {@code resized_size} ([width, height]),
 * {@code min_pixels}/{@code max_pixels} (the bounds used; null = qwen-vl-utils' video budget),
 * {@code image_grid_thw} [t, h, w] for an image, or {@code video_grid_thw}, {@code
 * second_per_grid_ts} (seconds per temporal patch) and {@code sampled_frames} for a video, {@code
 * vision_tokens}, {@code prompt_tokens} (full prompt with the expanded placeholders), {@code
 * generation} (the settings used), {@code generated_token_ids} (without the stop token), {@code
 * output_tokens}, {@code text} (special tokens skipped), {@code finish_reason}
 * (stop|length|constraint_complete|repetition|error), {@code timings_ms}.
 *
 * @param args the command line
 * @param modelDir the resolved checkpoint directory
 * @param revision the model's revision hash
 * @param vision the preprocessed media
 * @param pre the checkpoint's preprocessor config
 * @param gen generation settings used
 * @param promptTokens prompt length
 * @param result the model's output
 * @param text decoded output
 * @param timer phase timings
 */
record GenerateOutcome(
    GenerateArgs args,
    Path modelDir,
    String revision,
    VisionInput vision,
    PreprocessorConfig pre,
    GenerationConfig gen,
    int promptTokens,
    GenerationResult result,
    String text,
    Timer timer) {

  /** The JSON object (field order as documented above). */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", args.model());
    m.put("model_dir", modelDir.toString());
    m.put("revision", revision);
    m.put("device", args.modelOptions().device());
    m.put("precision", args.modelOptions().precision().name().toLowerCase(Locale.ROOT));
    m.put("media", args.media().toString());
    boolean image = vision.kind() == VisionInput.Kind.IMAGE;
    m.put("media_kind", image ? "image" : "video");
    m.put("original_size", List.of(vision.originalWidth(), vision.originalHeight()));
    m.put("resized_size", List.of(vision.resizedWidth(), vision.resizedHeight()));
    m.put("min_pixels", image ? minPixels() : args.minPixels());
    m.put("max_pixels", image ? maxPixels() : args.maxPixels());
    List<Integer> grid = List.of(vision.gridT(), vision.gridH(), vision.gridW());
    if (image) {
      m.put("image_grid_thw", grid);
    } else {
      m.put("video_grid_thw", grid);
      m.put("second_per_grid_ts", vision.secondPerGridT());
      m.put("sampled_frames", vision.frameTimestamps().length);
    }
    m.put("vision_tokens", vision.mergedTokens(pre.mergeSize()));
    m.put("prompt_tokens", promptTokens);
    m.put("generation", generation());
    m.put("generated_token_ids", Arrays.stream(result.tokenIds()).boxed().toList());
    m.put("output_tokens", result.tokenIds().length);
    m.put("text", text);
    m.put("finish_reason", finishReason());
    m.put("timings_ms", timings());
    return m;
  }

  /** The readable form: a few labelled lines, then the text. */
  String toText() {
    boolean image = vision.kind() == VisionInput.Kind.IMAGE;
    String grid = "[" + vision.gridT() + ", " + vision.gridH() + ", " + vision.gridW() + "]";
    StringBuilder sb = new StringBuilder();
    sb.append("model:    ").append(args.model()).append(" (").append(modelDir).append(")\n");
    sb.append("revision: ").append(revision).append('\n');
    sb.append(image ? "image:    " : "video:    ").append(args.media()).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "size:     %dx%d -> %dx%d, %s %s%s%n",
            vision.originalWidth(),
            vision.originalHeight(),
            vision.resizedWidth(),
            vision.resizedHeight(),
            image ? "image_grid_thw" : "video_grid_thw",
            grid,
            image ? "" : ", second_per_grid_t " + vision.secondPerGridT()));
    sb.append("prompt:   ").append(promptTokens).append(" tokens\n");
    sb.append("output:   ")
        .append(result.tokenIds().length)
        .append(" tokens, finish_reason ")
        .append(finishReason())
        .append('\n');
    sb.append("timings:  ")
        .append(
            timings().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")))
        .append('\n');
    sb.append("text:\n").append(text);
    return sb.toString();
  }

  private long minPixels() {
    return args.minPixels() != null ? args.minPixels() : pre.minPixels();
  }

  private long maxPixels() {
    return args.maxPixels() != null ? args.maxPixels() : pre.maxPixels();
  }

  private String finishReason() {
    return result.finishReason().name().toLowerCase(Locale.ROOT);
  }

  private Map<String, Object> generation() {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("source", args.greedy() ? "--greedy" : "generation_config.json");
    g.put("max_new_tokens", gen.maxNewTokens());
    g.put("do_sample", gen.doSample());
    g.put("temperature", gen.temperature());
    g.put("top_k", gen.topK());
    g.put("top_p", gen.topP());
    g.put("repetition_penalty", gen.repetitionPenalty());
    g.put("seed", gen.seed());
    g.put("stop_token_ids", Arrays.stream(gen.stopTokenIds()).boxed().toList());
    return g;
  }

  private Map<String, Object> timings() {
    Map<String, Object> t = new LinkedHashMap<>(timer.laps());
    t.put("vision_ms", result.visionNanos() / 1_000_000);
    t.put("prefill_ms", result.prefillNanos() / 1_000_000);
    t.put("decode_ms", result.decodeNanos() / 1_000_000);
    t.put("total_ms", timer.totalMillis());
    return t;
  }

  /** Wall-clock phases, in milliseconds since the previous lap. */
  static final class Timer {
    private final long start = System.nanoTime();
    private final Map<String, Long> laps = new LinkedHashMap<>();
    private long last = start;

    void lap(String name) {
      long now = System.nanoTime();
      laps.put(name, (now - last) / 1_000_000);
      last = now;
    }

    Map<String, Long> laps() {
      return laps;
    }

    long totalMillis() {
      return (last - start) / 1_000_000;
    }
  }
}
