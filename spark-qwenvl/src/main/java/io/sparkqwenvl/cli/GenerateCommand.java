package io.sparkqwenvl.cli;

import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.model.GenerationDefaults;
import io.sparkqwenvl.model.PreprocessorConfig;
import io.sparkqwenvl.model.QwenVlConfig;
import io.sparkqwenvl.model.QwenVlModel;
import io.sparkqwenvl.model.hub.DownloadProgress;
import io.sparkqwenvl.model.hub.HubOptions;
import io.sparkqwenvl.model.hub.ModelResolver;
import io.sparkqwenvl.preprocess.ImageProcessor;
import io.sparkqwenvl.preprocess.MediaException;
import io.sparkqwenvl.preprocess.MediaFormat;
import io.sparkqwenvl.preprocess.VideoProcessor;
import io.sparkqwenvl.preprocess.VisionInput;
import io.sparkqwenvl.prompt.ChatMessage;
import io.sparkqwenvl.prompt.ChatTemplate;
import io.sparkqwenvl.prompt.ContentPart;
import io.sparkqwenvl.prompt.PromptBuilder;
import io.sparkqwenvl.prompt.QwenTokenizer;
import io.sparkqwenvl.runtime.DjlDefaults;
import io.sparkqwenvl.runtime.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code qwenvl generate}: runs Qwen2.5-VL on one image or video with one prompt and prints the
 * outcome, as one JSON object with {@code --json} (see {@link GenerateOutcome}) or as readable
 * lines. The pipeline is the library's: {@link ImageProcessor}/{@link VideoProcessor}, the chat
 * template with the media before the text ({@link PromptBuilder}), {@link QwenVlModel#generate} and
 * {@link QwenTokenizer#decode}. Generation follows the model's generation_config.json; {@code
 * --greedy} turns sampling off and keeps its repetition penalty.
 *
 * <pre>
 * qwenvl generate --model tiny --image cat.png --prompt "Describe this image." --json
 * </pre>
 *
 * <p>Exit status 0 ok; 1 bad input (missing or undecodable media, unusable model) or a failure,
 * reported as one line on stderr naming the input and the reason; 2 bad usage.
 */
public final class GenerateCommand {

  private static final String PREFIX = "qwenvl generate: ";

  private GenerateCommand() {}

  /** Entry point for the jobs-module dispatcher; errors and warnings go to {@code System.err}. */
  public static int run(String[] args, PrintStream out) {
    return run(args, out, System.err);
  }

  /** As {@link #run(String[], PrintStream)} with an explicit stream for errors and warnings. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, null);
  }

  /** As above; {@code hub} (null: from the environment) says where models are cached/fetched. */
  static int run(String[] args, PrintStream out, PrintStream err, HubOptions hub) {
    DjlDefaults.apply();
    List<String> list = Arrays.asList(args);
    if (list.contains("--help") || list.contains("-h")) {
      out.println(GenerateArgs.USAGE);
      return 0;
    }
    GenerateArgs a;
    try {
      a = GenerateArgs.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(PREFIX + e.getMessage());
      err.println(GenerateArgs.USAGE);
      return 2;
    }
    try {
      GenerateOutcome o = execute(a, err, hub == null ? HubOptions.fromEnvironment() : hub);
      out.println(a.json() ? Json.write(o.toJson()) : o.toText());
      out.flush();
      return o.result().finishReason() == FinishReason.ERROR ? 1 : 0;
    } catch (InputException e) {
      err.println(PREFIX + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println(PREFIX + "failed: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  /** Command-line entry (java -cp ... io.sparkqwenvl.cli.GenerateCommand ...). */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Resolves the model, preprocesses, builds the prompt, loads the model and generates. */
  static GenerateOutcome execute(GenerateArgs a, PrintStream err, HubOptions hub) {
    GenerateOutcome.Timer timer = new GenerateOutcome.Timer();
    Path media = checkReadable(a);
    Path dir = resolveModel(a.model(), err, hub);
    timer.lap("resolve_ms");
    QwenVlConfig cfg = readModelFile(dir, "config.json", () -> QwenVlConfig.load(dir));
    PreprocessorConfig pre =
        readModelFile(dir, "preprocessor_config.json", () -> PreprocessorConfig.load(dir));
    GenerationDefaults defaults =
        readModelFile(dir, "generation_config.json", () -> GenerationDefaults.load(dir));
    VisionInput vision = preprocess(a, media, pre);
    timer.lap("preprocess_ms");
    GenerationConfig gen = generationConfig(a, defaults);
    try (QwenTokenizer tok = loadTokenizer(dir, cfg)) {
      int[] prompt = buildPrompt(a, tok, vision, cfg.vision().spatialMergeSize());
      timer.lap("tokenizer_ms");
      GenerationResult r;
      String revision;
      try (QwenVlModel model = loadModel(dir, a)) {
        timer.lap("load_ms");
        revision = model.revision();
        r = model.generate(List.of(new EngineRequest(prompt, List.of(vision), gen, null))).get(0);
        timer.lap("generate_ms");
      }
      String text = tok.decode(r.tokenIds());
      return new GenerateOutcome(a, dir, revision, vision, pre, gen, prompt.length, r, text, timer);
    }
  }

  /** The settings: generation_config.json, or argmax with its repetition penalty (--greedy). */
  static GenerationConfig generationConfig(GenerateArgs a, GenerationDefaults d) {
    GenerationConfig fromFile = d.toGenerationConfig(a.maxNewTokens(), 0L);
    if (!a.greedy()) {
      return fromFile;
    }
    return new GenerationConfig(
        a.maxNewTokens(), false, 1.0, 0, 1.0, d.repetitionPenalty(), 0L, d.eosTokenIds(), false);
  }

  /** System turn, then one user turn: the image or video first, then the prompt text. */
  static List<ChatMessage> messages(GenerateArgs a) {
    String system = a.system() == null ? ChatTemplate.DEFAULT_SYSTEM : a.system();
    ContentPart media = a.image() != null ? new ContentPart.Image() : new ContentPart.Video();
    return List.of(
        ChatMessage.system(system), ChatMessage.user(media, new ContentPart.Text(a.prompt())));
  }

  private static int[] buildPrompt(
      GenerateArgs a, QwenTokenizer tok, VisionInput vision, int mergeSize) {
    return new PromptBuilder(tok).build(messages(a), List.of(vision), mergeSize);
  }

  private static Path checkReadable(GenerateArgs a) {
    String opt = a.image() != null ? "--image " : "--video ";
    Path p = a.media();
    if (!Files.exists(p)) {
      throw new InputException(opt + p + ": no such file");
    }
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new InputException(opt + p + ": not a readable file");
    }
    return p;
  }

  private static Path resolveModel(String model, PrintStream err, HubOptions hub) {
    if (ModelResolver.isTiny(model)) {
      err.println(
          "qwenvl: WARNING: --model tiny has random weights; its text is meaningless"
              + " (it exists for tests and plumbing checks).");
    }
    try {
      return new ModelResolver(hub, progress(err)).resolvePath(model);
    } catch (IOException | UncheckedIOException e) {
      throw new InputException("--model " + model + ": " + e.getMessage());
    }
  }

  /** Prints a line per downloaded file when it completes, and at most every 10 s meanwhile. */
  private static DownloadProgress progress(PrintStream err) {
    long[] last = {0};
    return (file, done, total) -> {
      long now = System.currentTimeMillis();
      boolean complete = total >= 0 && done >= total;
      if (complete || now - last[0] >= 10_000) {
        last[0] = now;
        err.printf(
            Locale.ROOT,
            "qwenvl: downloading %s %.1f/%s MB%n",
            file,
            done / 1e6,
            total < 0 ? "?" : String.format(Locale.ROOT, "%.1f", total / 1e6));
      }
    };
  }

  private static VisionInput preprocess(GenerateArgs a, Path media, PreprocessorConfig pre) {
    String id = media.toString();
    try {
      MediaFormat format = MediaFormat.sniff(head(media));
      if (format != null && format.isVideo() && a.image() != null) {
        throw new InputException("--image " + id + ": is a video (" + format + "); use --video");
      }
      if (format != null && !format.isVideo() && a.video() != null) {
        throw new InputException("--video " + id + ": is an image (" + format + "); use --image");
      }
      if (a.image() != null) {
        return ImageProcessor.process(id, Files.readAllBytes(media), a.mediaOptions(), pre);
      }
      return VideoProcessor.process(id, media, a.mediaOptions(), pre);
    } catch (MediaException e) {
      throw new InputException(e.getMessage());
    } catch (IOException e) {
      throw new InputException(id + ": cannot read: " + e.getMessage());
    }
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(64);
    }
  }

  private static QwenTokenizer loadTokenizer(Path dir, QwenVlConfig cfg) {
    Path file = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new InputException("model directory " + dir + " has no tokenizer.json");
    }
    try {
      return QwenTokenizer.load(file, cfg.text().vocabSize());
    } catch (IOException | RuntimeException e) {
      throw new InputException("cannot load " + file + ": " + e.getMessage());
    }
  }

  private static QwenVlModel loadModel(Path dir, GenerateArgs a) {
    try {
      return QwenVlModel.load(dir, a.modelOptions());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new InputException("cannot load the model in " + dir + ": " + e.getMessage());
    }
  }

  private static <T> T readModelFile(Path dir, String name, Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new InputException("bad " + name + " in " + dir + ": " + e.getMessage());
    }
  }

  /** Expected bad input: reported as one line, exit status 1, no stack trace. */
  static final class InputException extends RuntimeException {
    InputException(String message) {
      super(message, null, false, false);
    }
  }
}
