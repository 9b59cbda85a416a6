package io.sparkqwenvl.cli;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.runtime.DjlDefaults;
import io.sparkqwenvl.runtime.Json;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.Annotator;
import io.sparkqwenvl.tasks.AnnotatorOptions;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskResult;
import io.sparkqwenvl.tasks.TaskSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code qwenvl generate}: runs one task on one image or video and prints the result as one JSON
 * line (text, boxes, typed fields, finish reason, token counts, model revision). A bad file is a
 * result with an error, exit status 1.
 *
 * <pre>
 * qwenvl generate --model tiny --media cat.jpg --task caption --max-new-tokens 32
 * </pre>
 */
public final class GenerateCommand {
  private GenerateCommand() {}

  /** Entry point for the jobs-module dispatcher; exit code 0 ok, 1 failed item, 2 bad usage. */
  public static int run(String[] args, PrintStream out) {
    if (Arrays.asList(args).contains("--help")) {
      out.println(GenerateArgs.USAGE);
      return 0;
    }
    GenerateArgs a;
    byte[] content;
    try {
      a = GenerateArgs.parse(args);
      content = Files.readAllBytes(a.media());
    } catch (IllegalArgumentException | IOException e) {
      out.println(e instanceof IOException ? "cannot read " + e.getMessage() : e.getMessage());
      return 2;
    }
    DjlDefaults.apply();
    GenerationConfig gen = GenerationConfig.qwenDefault(a.maxNewTokens());
    TaskSpec spec = new TaskSpec(a.task(), a.prompt(), null, a.target(), a.schema(), gen);
    try (Annotator annotator = Annotator.open(a.model(), AnnotatorOptions.forDevice(a.device()))) {
      AnnotationRequest req =
          new AnnotationRequest(a.media().toString(), content, spec, MediaOptions.DEFAULTS);
      TaskResult r = annotator.annotate(List.of(req)).get(0);
      Map<String, Object> json = toJson(a, r);
      json.put("model_revision", annotator.modelInfo().revision());
      out.println(Json.write(json));
      return r.ok() ? 0 : 1;
    }
  }

  /** Command-line entry (java -cp ... io.sparkqwenvl.cli.GenerateCommand ...). */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  static Map<String, Object> toJson(GenerateArgs a, TaskResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("media", a.media().toString());
    m.put("task", r.task().id());
    m.put("text", r.text());
    m.put("boxes", r.boxes());
    m.put("fields", r.fields() == null ? null : plain(r.fields()));
    m.put("null_reasons", r.nullReasons());
    m.put("finish_reason", r.finishReason().name());
    m.put("error", r.error());
    m.put("error_stage", r.errorStage());
    m.put("repetition_detected", r.repetitionDetected());
    m.put("prompt_tokens", r.promptTokens());
    m.put("output_tokens", r.outputTokens());
    m.put("latency_ms", r.latencyMillis());
    m.put("width", r.width());
    m.put("height", r.height());
    m.put("duration_s", r.durationSeconds());
    return m;
  }

  /** Typed field values as JSON-friendly values (dates, instants, decimals as strings). */
  private static Object plain(Object v) {
    if (v == null
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Double
        || v instanceof Float) {
      return v;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
      return out;
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(x -> out.add(plain(x)));
      return out;
    }
    return v.toString();
  }
}
