package io.sparkqwenvl.cli;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.engine.EngineRequest;
import io.sparkqwenvl.engine.EngineStats;
import io.sparkqwenvl.engine.QwenVlEngine;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.generate.GenerationResult;
import io.sparkqwenvl.model.ModelOptions;
import io.sparkqwenvl.model.Precision;
import io.sparkqwenvl.model.PublishedConfigs;
import io.sparkqwenvl.model.QwenVlModel;
import io.sparkqwenvl.model.StageClock;
import io.sparkqwenvl.runtime.DjlDefaults;
import io.sparkqwenvl.runtime.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code qwenvl bench}: captions N synthetic images through the continuous-batching engine and
 * prints one JSON line (images/s, output tokens/s, prompt tokens per image, vision TFLOP/s, phase
 * times, batch occupancy, peak device memory). {@code random:tiny|3B|7B} builds the published
 * architecture with random weights directly on the device; every image generates exactly {@code
 * --new-tokens} tokens. Not a timed test: the numbers are for BENCHMARKS.md.
 *
 * <pre>
 * qwenvl bench --model random:7B --images 64 --size 1280x720 --new-tokens 128 --device gpu \
 *     --precision fp16-mixed --json
 * </pre>
 */
public final class BenchCommand {
  private BenchCommand() {}

  /**
   * Entry point for the jobs-module dispatcher; returns the exit code (0 ok, 1 a run failed, 2 bad
   * usage).
   */
  public static int run(String[] args, PrintStream out) {
    if (java.util.Arrays.asList(args).contains("--help")) {
      out.println(BenchArgs.USAGE);
      return 0;
    }
    BenchArgs a;
    try {
      a = BenchArgs.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    DjlDefaults.apply();
    Precision precision = a.precision().equals("fp32") ? Precision.FP32 : Precision.FP16_MIXED;
    ModelOptions opts = new ModelOptions(a.device(), precision);
    long t0 = System.nanoTime();
    QwenVlModel opened;
    try {
      opened = open(a, opts);
    } catch (RuntimeException e) {
      // A missing or malformed checkpoint, an unknown architecture, no such device: one line that
      // names the model and the reason, no stack trace.
      out.println("cannot open model " + a.model() + ": " + e.getMessage());
      return 1;
    }
    try (QwenVlModel model = opened) {
      if (!a.json()) {
        out.printf("model ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      }
      int rc = 0;
      for (BenchArgs run : a.runs()) {
        SyntheticWorkload w =
            new SyntheticWorkload(
                model.config(),
                run.images(),
                run.width(),
                run.height(),
                run.newTokens(),
                run.seed());
        try {
          out.println(Json.write(measure(run, model, w)));
        } catch (CompletionException e) {
          // A request failed (e.g. the device ran out of memory even for one image): report the
          // run as a JSON line with the error and go on with the next settings.
          Throwable cause = e.getCause() == null ? e : e.getCause();
          Map<String, Object> failed = new LinkedHashMap<>();
          failed.put("model", run.model());
          failed.put("images", run.images());
          failed.put("size", run.width() + "x" + run.height());
          failed.put("batch", run.batch());
          failed.put("lanes", run.lanes());
          failed.put("error", String.valueOf(cause));
          out.println(Json.write(failed));
          rc = 1;
        }
      }
      return rc;
    }
  }

  /** Command-line entry (java -cp ... io.sparkqwenvl.cli.BenchCommand ...). */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  private static QwenVlModel open(BenchArgs a, ModelOptions opts) {
    if (a.isRandom()) {
      return QwenVlModel.random(PublishedConfigs.byName(a.architecture()), a.seed(), opts);
    }
    return QwenVlModel.load(Path.of(a.model()), opts);
  }

  private static Object measure(BenchArgs a, QwenVlModel model, SyntheticWorkload w) {
    int kv = w.promptTokens() + a.newTokens();
    EngineOptions eo =
        EngineOptions.defaults()
            .withMaxBatchSequences(a.batch())
            .withKvCapacity(kv)
            .withMaxBatchTokens(a.prefillTokens())
            .withQueueCapacity(Math.max(a.images(), 1))
            .withLanes(a.lanes());
    try (QwenVlEngine engine = new QwenVlEngine(model, eo)) {
      warmUp(engine, w);
      StageClock.reset();
      EngineStats before = engine.stats();
      long start = System.nanoTime();
      List<CompletableFuture<GenerationResult>> fs = new ArrayList<>();
      for (EngineRequest r : w.requests) {
        fs.add(engine.submit(r));
      }
      fs.forEach(CompletableFuture::join);
      double seconds = (System.nanoTime() - start) / 1e9;
      EngineStats s = engine.stats().since(before);
      double flops = VisionFlops.perImage(model.config(), w.gridH, w.gridW);
      return BenchReport.of(a, w, s, seconds, flops, engine.peakDeviceBytes(), deviceLabel(model));
    }
  }

  private static String deviceLabel(QwenVlModel model) {
    String d = model.options().device();
    if (d.equals("cpu")) {
      return "cpu ("
          + System.getProperty("os.arch")
          + ", "
          + Runtime.getRuntime().availableProcessors()
          + " cores)";
    }
    String card = System.getenv("QWENVL_DEVICE_NAME");
    return card == null ? d : d + " (" + card + ")";
  }

  /** One short request per lane slot so kernels, allocator pools and JIT are warm. */
  private static void warmUp(QwenVlEngine engine, SyntheticWorkload w) {
    List<CompletableFuture<GenerationResult>> fs = new ArrayList<>();
    int n = Math.min(2, w.requests.size());
    for (int i = 0; i < n; i++) {
      EngineRequest r = w.requests.get(i);
      GenerationConfig two = r.config().withMaxNewTokens(2);
      fs.add(engine.submit(new EngineRequest(r.promptTokenIds(), r.vision(), two, null)));
    }
    fs.forEach(CompletableFuture::join);
  }
}
