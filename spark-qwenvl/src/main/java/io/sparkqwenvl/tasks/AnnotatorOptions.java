package io.sparkqwenvl.tasks;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.model.ModelOptions;
import io.sparkqwenvl.model.Precision;
import java.util.Objects;

/**
 * How an {@link Annotator} runs.
 *
 * @param model device and precision of the model
 * @param engine batching limits of the engine
 * @param preprocessThreads threads decoding and resizing media ahead of the engine
 * @param repetitionGuard stop looping outputs early ({@link RepetitionGuard}); results are then
 *     flagged and their finish reason is REPETITION
 */
public record AnnotatorOptions(
    ModelOptions model, EngineOptions engine, int preprocessThreads, boolean repetitionGuard) {

  public AnnotatorOptions {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(engine, "engine");
    if (preprocessThreads < 1) {
      throw new IllegalArgumentException(
          "preprocessThreads must be >= 1, got " + preprocessThreads);
    }
  }

  /** CPU, float32, default engine limits, 2 preprocessing threads, repetition guard on. */
  public static AnnotatorOptions cpu() {
    return new AnnotatorOptions(ModelOptions.cpu(), EngineOptions.defaults(), 2, true);
  }

  /** The given device ("cpu", "gpu", "gpu:N"): float32 on CPU, FP16_MIXED on a GPU. */
  public static AnnotatorOptions forDevice(String device) {
    ModelOptions m =
        new ModelOptions(
            device,
            device == null || device.trim().equalsIgnoreCase("cpu")
                ? Precision.FP32
                : Precision.FP16_MIXED);
    return new AnnotatorOptions(
        m,
        EngineOptions.defaults(),
        Math.max(2, Runtime.getRuntime().availableProcessors() / 2),
        true);
  }

  public AnnotatorOptions withEngine(EngineOptions e) {
    return new AnnotatorOptions(model, e, preprocessThreads, repetitionGuard);
  }

  public AnnotatorOptions withRepetitionGuard(boolean on) {
    return new AnnotatorOptions(model, engine, preprocessThreads, on);
  }

  public AnnotatorOptions withPreprocessThreads(int n) {
    return new AnnotatorOptions(model, engine, n, repetitionGuard);
  }
}
