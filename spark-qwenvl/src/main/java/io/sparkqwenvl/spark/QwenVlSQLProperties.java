package io.sparkqwenvl.spark;

/**
 * Session settings of the connector ({@code spark.sql.qwenvl.*}), each with its default. A read
 * option of the same meaning ({@link io.sparkqwenvl.spark.source.QwenVlReadOptions}) overrides the
 * session value for one read; see {@link QwenVlConf} for the precedence.
 *
 * <pre>{@code
 * spark.conf().set(QwenVlSQLProperties.MODEL, "/models/Qwen2.5-VL-7B-Instruct");
 * }</pre>
 */
public final class QwenVlSQLProperties {

  /** Model id ("tiny", a local directory, or a Hugging Face id to download into the cache). */
  public static final String MODEL = "spark.sql.qwenvl.model";

  public static final String MODEL_DEFAULT = "Qwen/Qwen2.5-VL-3B-Instruct";

  /**
   * Device: {@code auto} (the task's assigned GPU, else the CPU), {@code cpu}, {@code gpu} (the
   * task's GPU, else gpu:0) or {@code gpu:N}.
   */
  public static final String DEVICE = "spark.sql.qwenvl.device";

  public static final String DEVICE_DEFAULT = "auto";

  /** Precision: {@code auto} (fp16-mixed on GPU, fp32 on CPU), {@code fp32} or {@code fp16}. */
  public static final String PRECISION = "spark.sql.qwenvl.precision";

  public static final String PRECISION_DEFAULT = "auto";

  /** Sequences the engine decodes together at most (KV slots). */
  public static final String ENGINE_MAX_BATCH_SEQUENCES =
      "spark.sql.qwenvl.engine.max-batch-sequences";

  public static final int ENGINE_MAX_BATCH_SEQUENCES_DEFAULT = 32;

  /** Vision patches + prompt tokens per prefill at most. */
  public static final String ENGINE_MAX_BATCH_TOKENS = "spark.sql.qwenvl.engine.max-batch-tokens";

  public static final int ENGINE_MAX_BATCH_TOKENS_DEFAULT = 16384;

  /** Prompt + generated tokens per sequence at most (KV capacity of one slot). */
  public static final String ENGINE_KV_CAPACITY = "spark.sql.qwenvl.engine.kv-capacity";

  public static final int ENGINE_KV_CAPACITY_DEFAULT = 4096;

  /**
   * Device bytes the engine may use for its KV cache plus one prefill's activations; prefill work
   * is cut to stay under it. 0: no limit (only max-batch-tokens bounds a prefill).
   */
  public static final String ENGINE_MEMORY_BUDGET_BYTES =
      "spark.sql.qwenvl.engine.memory-budget-bytes";

  public static final long ENGINE_MEMORY_BUDGET_BYTES_DEFAULT = 0L;

  /** Requests waiting in the engine at most before submission blocks. */
  public static final String ENGINE_QUEUE_CAPACITY = "spark.sql.qwenvl.engine.queue-capacity";

  public static final int ENGINE_QUEUE_CAPACITY_DEFAULT = 256;

  /**
   * How long a submission blocks on a full engine queue before the request fails with a timeout, as
   * a Spark time string ({@code 500ms}, {@code 30s}, {@code 2min}, {@code 1h}; a bare number is
   * milliseconds; {@code 0} fails at once when the queue is full). Empty: block until there is
   * room.
   */
  public static final String ENGINE_SUBMIT_TIMEOUT = "spark.sql.qwenvl.engine.submit-timeout";

  /** Empty: submissions wait for room as long as it takes. */
  public static final String ENGINE_SUBMIT_TIMEOUT_DEFAULT = "";

  /**
   * Dispatch threads (lanes) per engine over the same model, each with its own KV cache of
   * max-batch-sequences slots, so a GPU's many small decode operations are issued in parallel (2
   * lanes gave 1.32x the images/s of 1 on W1 and 1.43x at 640x360 on an H200, BENCHMARKS.md). Each
   * lane adds a KV cache: device memory grows with it; a lane beyond the first starts only when the
   * device keeps 15% (at least 2 GiB) free after its cache. Default: {@link
   * #ENGINE_LANES_GPU_DEFAULT} on a GPU, {@link #ENGINE_LANES_DEFAULT} on the CPU (where libtorch
   * already uses every core).
   */
  public static final String ENGINE_LANES = "spark.sql.qwenvl.engine.lanes";

  public static final int ENGINE_LANES_DEFAULT = 1;

  public static final int ENGINE_LANES_GPU_DEFAULT = 2;

  /** Requests one Spark task keeps submitted to the engine at once. */
  public static final String IN_FLIGHT_PER_TASK = "spark.sql.qwenvl.in-flight-per-task";

  public static final int IN_FLIGHT_PER_TASK_DEFAULT = 32;

  /**
   * File bytes one task keeps in flight at most (one file is always allowed), so large videos do
   * not pile up in memory.
   */
  public static final String IN_FLIGHT_BYTES_PER_TASK = "spark.sql.qwenvl.in-flight-bytes-per-task";

  public static final long IN_FLIGHT_BYTES_PER_TASK_DEFAULT = 256L * 1024 * 1024;

  /**
   * Estimated GPU cost (visual + prompt + generated tokens) one input partition aims at; files are
   * bin-packed by estimated cost up to this target.
   */
  public static final String PARTITION_TARGET_COST = "spark.sql.qwenvl.partition.target-cost";

  public static final long PARTITION_TARGET_COST_DEFAULT = 200_000L;

  /** Where downloaded models and the tiny checkpoint live on each node; empty: the default. */
  public static final String CACHE_DIR = "spark.sql.qwenvl.cache-dir";

  /** Empty: {@code $QWENVL_CACHE}, else {@code ~/.cache/spark-qwenvl}. */
  public static final String CACHE_DIR_DEFAULT = "";

  /** Files larger than this many bytes become error rows without being read. */
  public static final String MAX_MEDIA_BYTES = "spark.sql.qwenvl.max-media-bytes";

  public static final long MAX_MEDIA_BYTES_DEFAULT = 512L * 1024 * 1024;

  /** Bytes read from the start of each file on the driver to probe its header. */
  public static final String PROBE_BYTES = "spark.sql.qwenvl.probe-bytes";

  public static final int PROBE_BYTES_DEFAULT = 256 * 1024;

  /** Lower pixel bound of smart_resize; 0: the model's preprocessor_config.json value. */
  public static final String MIN_PIXELS = "spark.sql.qwenvl.min-pixels";

  public static final int MIN_PIXELS_DEFAULT = 0;

  /** Upper pixel bound of smart_resize; 0: the model's preprocessor_config.json value. */
  public static final String MAX_PIXELS = "spark.sql.qwenvl.max-pixels";

  public static final int MAX_PIXELS_DEFAULT = 0;

  /** Video sampling rate in frames per second. */
  public static final String FPS = "spark.sql.qwenvl.fps";

  public static final double FPS_DEFAULT = 2.0;

  /** Sampled video frames at most; 0: qwen-vl-utils' rule (768). */
  public static final String MAX_FRAMES = "spark.sql.qwenvl.max-frames";

  public static final int MAX_FRAMES_DEFAULT = 0;

  /** Generated tokens per item at most. */
  public static final String MAX_NEW_TOKENS = "spark.sql.qwenvl.max-new-tokens";

  public static final int MAX_NEW_TOKENS_DEFAULT = 256;

  private QwenVlSQLProperties() {}
}
