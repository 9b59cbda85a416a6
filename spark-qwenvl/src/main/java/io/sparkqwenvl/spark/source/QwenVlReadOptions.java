package io.sparkqwenvl.spark.source;

import java.util.Set;

/**
 * Options of {@code spark.read.format("qwenvl")}, kebab-case. Options without a session counterpart
 * default as documented here; the others fall back to {@code spark.sql.qwenvl.*} ({@link
 * io.sparkqwenvl.spark.QwenVlSQLProperties}).
 *
 * <pre>{@code
 * spark.read().format("qwenvl")
 *     .option(QwenVlReadOptions.TASK, "detect")
 *     .option(QwenVlReadOptions.TARGET, "cat")
 *     .load("s3a://bucket/photos/**");
 * }</pre>
 */
public final class QwenVlReadOptions {

  /**
   * One input path or Hadoop glob (e.g. {@code s3a://b/{2024,2025}/*.jpg}); {@code load(path)} sets
   * it.
   */
  public static final String PATH = "path";

  /** Input paths as a JSON array; {@code load(p1, p2)} sets it. */
  public static final String PATHS = "paths";

  /** Descend into sub-folders; default true. */
  public static final String RECURSIVE = "recursive";

  /** {@code image}, {@code video} or {@code image,video} (default). */
  public static final String MEDIA_TYPES = "media-types";

  /**
   * Comma-separated file extensions to keep (e.g. {@code jpg,png}) instead of those of {@link
   * #MEDIA_TYPES}'s formats (the default).
   */
  public static final String EXTENSIONS = "extensions";

  /** caption (default), caption_detailed, ocr, ocr_html, detect, extract or prompt. */
  public static final String TASK = "task";

  /** User prompt; required for task prompt, overrides the task's prompt otherwise. */
  public static final String PROMPT = "prompt";

  /** System prompt override. */
  public static final String SYSTEM_PROMPT = "system-prompt";

  /** Phrase to locate (task detect). */
  public static final String TARGET = "target";

  /** Spark DDL of the fields to extract (task extract), e.g. {@code total DECIMAL(10,2)}. */
  public static final String SCHEMA = "schema";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#MIN_PIXELS}. */
  public static final String MIN_PIXELS = "min-pixels";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#MAX_PIXELS}. */
  public static final String MAX_PIXELS = "max-pixels";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#FPS}. */
  public static final String FPS = "fps";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#MAX_FRAMES}. */
  public static final String MAX_FRAMES = "max-frames";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#MAX_NEW_TOKENS}. */
  public static final String MAX_NEW_TOKENS = "max-new-tokens";

  /** Sample instead of greedy decoding; default false. */
  public static final String DO_SAMPLE = "do-sample";

  /** Sampling temperature; default 1.0. */
  public static final String TEMPERATURE = "temperature";

  /** Top-k when sampling; default 0 (off). */
  public static final String TOP_K = "top-k";

  /** Nucleus mass when sampling; default 1.0 (off). */
  public static final String TOP_P = "top-p";

  /** Repetition penalty; default 1.05 (Qwen2.5-VL-Instruct's generation_config.json). */
  public static final String REPETITION_PENALTY = "repetition-penalty";

  /** Sampling seed; default 0. */
  public static final String SEED = "seed";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#MODEL}. */
  public static final String MODEL = "model";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#DEVICE}. */
  public static final String DEVICE = "device";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#PRECISION}. */
  public static final String PRECISION = "precision";

  /** Transparent images: {@code white} (composite on white, default) or {@code drop}. */
  public static final String ALPHA = "alpha";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#IN_FLIGHT_PER_TASK}. */
  public static final String IN_FLIGHT = "in-flight";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#PARTITION_TARGET_COST}. */
  public static final String PARTITION_TARGET_COST = "partition-target-cost";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#MAX_MEDIA_BYTES}. */
  public static final String MAX_MEDIA_BYTES = "max-media-bytes";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#ENGINE_MAX_BATCH_SEQUENCES}. */
  public static final String ENGINE_MAX_BATCH_SEQUENCES = "engine.max-batch-sequences";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#ENGINE_MAX_BATCH_TOKENS}. */
  public static final String ENGINE_MAX_BATCH_TOKENS = "engine.max-batch-tokens";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#ENGINE_KV_CAPACITY}. */
  public static final String ENGINE_KV_CAPACITY = "engine.kv-capacity";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#ENGINE_MEMORY_BUDGET_BYTES}. */
  public static final String ENGINE_MEMORY_BUDGET_BYTES = "engine.memory-budget-bytes";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#ENGINE_QUEUE_CAPACITY}. */
  public static final String ENGINE_QUEUE_CAPACITY = "engine.queue-capacity";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#ENGINE_SUBMIT_TIMEOUT}. */
  public static final String ENGINE_SUBMIT_TIMEOUT = "engine.submit-timeout";

  /** See {@link io.sparkqwenvl.spark.QwenVlSQLProperties#ENGINE_LANES}. */
  public static final String ENGINE_LANES = "engine.lanes";

  /**
   * Every {@code engine.*} option: each overrides its {@code spark.sql.qwenvl.engine.*} setting
   * when the read, SQL call or job that loads the model resolves the engine ({@link
   * io.sparkqwenvl.spark.QwenVlConf#engineOptions}).
   */
  public static final Set<String> ENGINE_OPTIONS =
      Set.of(
          ENGINE_MAX_BATCH_SEQUENCES,
          ENGINE_MAX_BATCH_TOKENS,
          ENGINE_KV_CAPACITY,
          ENGINE_MEMORY_BUDGET_BYTES,
          ENGINE_QUEUE_CAPACITY,
          ENGINE_SUBMIT_TIMEOUT,
          ENGINE_LANES);

  /**
   * Testing only: on attempt 0 of a task, the reader fails after emitting this many rows, so tests
   * can check that retried tasks neither lose nor duplicate rows. Negative (default): never.
   */
  public static final String FAIL_AFTER_ROWS_FOR_TESTING = "testing.fail-after-rows";

  private QwenVlReadOptions() {}
}
