package io.sparkqwenvl.spark;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.spark.source.QwenVlReadOptions;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskSpec;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Typed connector settings, each resolved in this order: the read option (kebab-case, {@link
 * QwenVlReadOptions}; option names are case-insensitive), then the session setting ({@code
 * spark.sql.qwenvl.*}, {@link QwenVlSQLProperties}), then the documented {@code _DEFAULT}. Options
 * that exist only per read (task, prompt, sampling…) skip the session step. Invalid values fail
 * with a message naming the key and the value.
 *
 * <pre>{@code
 * QwenVlConf conf = new QwenVlConf(spark, options);
 * TaskSpec task = conf.taskSpec();
 * }</pre>
 */
public final class QwenVlConf {

  /** The prefix of every session setting of the connector. */
  public static final String PREFIX = "spark.sql.qwenvl.";

  private final ConfReader reader;

  /** Settings of one read: {@code options} over the session's {@code spark.sql.qwenvl.*}. */
  public QwenVlConf(SparkSession spark, Map<String, String> options) {
    this(options, key -> orNull(spark.conf().getOption(key)));
  }

  /** Settings from plain maps (tests, or callers without a session). */
  public QwenVlConf(Map<String, String> options, Map<String, String> sessionConf) {
    this(options, sessionConf::get);
  }

  private QwenVlConf(Map<String, String> options, Function<String, String> session) {
    this.reader = new ConfReader(options, session);
  }

  /**
   * Every {@code spark.sql.qwenvl.*} setting of {@code spark}'s session, as a plain map to ship to
   * executors and resolve there with {@link #QwenVlConf(Map, Map)}.
   */
  public static Map<String, String> sessionSettings(SparkSession spark) {
    Map<String, String> out = new TreeMap<>();
    CollectionConverters.asJava(spark.conf().getAll())
        .forEach(
            (k, v) -> {
              if (k.startsWith(PREFIX)) {
                out.put(k, v);
              }
            });
    return out;
  }

  private static String orNull(Option<String> o) {
    return o.isDefined() ? o.get() : null;
  }

  /** Model id or directory. */
  public String model() {
    return reader.string(
        QwenVlReadOptions.MODEL, QwenVlSQLProperties.MODEL, QwenVlSQLProperties.MODEL_DEFAULT);
  }

  /** Device setting as given ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}). */
  public String device() {
    return reader
        .string(
            QwenVlReadOptions.DEVICE,
            QwenVlSQLProperties.DEVICE,
            QwenVlSQLProperties.DEVICE_DEFAULT)
        .toLowerCase(Locale.ROOT);
  }

  /** Precision setting as given ({@code auto}, {@code fp32}, {@code fp16}). */
  public String precision() {
    return reader
        .string(
            QwenVlReadOptions.PRECISION,
            QwenVlSQLProperties.PRECISION,
            QwenVlSQLProperties.PRECISION_DEFAULT)
        .toLowerCase(Locale.ROOT);
  }

  /**
   * Engine settings: each {@code engine.*} read option, else its {@code spark.sql.qwenvl.engine.*}
   * setting, else the default. One engine serves every task of a JVM on a device, so these take
   * effect when the read (or call, or job) that loads the model resolves them.
   */
  public EngineOptions engineOptions() {
    return engineOptions("cpu");
  }

  /**
   * As {@link #engineOptions()} for a model on {@code device} ({@code cpu} or {@code gpu:N}, as
   * resolved): the lanes default to {@link QwenVlSQLProperties#ENGINE_LANES_GPU_DEFAULT} on a GPU.
   */
  public EngineOptions engineOptions(String device) {
    int lanesDefault =
        device.startsWith("gpu")
            ? QwenVlSQLProperties.ENGINE_LANES_GPU_DEFAULT
            : QwenVlSQLProperties.ENGINE_LANES_DEFAULT;
    return new EngineOptions(
        engineInt(
            QwenVlReadOptions.ENGINE_MAX_BATCH_SEQUENCES,
            QwenVlSQLProperties.ENGINE_MAX_BATCH_SEQUENCES,
            QwenVlSQLProperties.ENGINE_MAX_BATCH_SEQUENCES_DEFAULT),
        engineInt(
            QwenVlReadOptions.ENGINE_MAX_BATCH_TOKENS,
            QwenVlSQLProperties.ENGINE_MAX_BATCH_TOKENS,
            QwenVlSQLProperties.ENGINE_MAX_BATCH_TOKENS_DEFAULT),
        engineInt(
            QwenVlReadOptions.ENGINE_KV_CAPACITY,
            QwenVlSQLProperties.ENGINE_KV_CAPACITY,
            QwenVlSQLProperties.ENGINE_KV_CAPACITY_DEFAULT),
        reader.longValue(
            QwenVlReadOptions.ENGINE_MEMORY_BUDGET_BYTES,
            QwenVlSQLProperties.ENGINE_MEMORY_BUDGET_BYTES,
            QwenVlSQLProperties.ENGINE_MEMORY_BUDGET_BYTES_DEFAULT,
            0),
        engineInt(
            QwenVlReadOptions.ENGINE_QUEUE_CAPACITY,
            QwenVlSQLProperties.ENGINE_QUEUE_CAPACITY,
            QwenVlSQLProperties.ENGINE_QUEUE_CAPACITY_DEFAULT),
        reader.durationValue(
            QwenVlReadOptions.ENGINE_SUBMIT_TIMEOUT, QwenVlSQLProperties.ENGINE_SUBMIT_TIMEOUT),
        engineInt(QwenVlReadOptions.ENGINE_LANES, QwenVlSQLProperties.ENGINE_LANES, lanesDefault));
  }

  private int engineInt(String option, String sqlKey, int dflt) {
    return reader.intValue(option, sqlKey, dflt, 1);
  }

  /** Requests one task keeps in flight. */
  public int inFlightPerTask() {
    return reader.intValue(
        QwenVlReadOptions.IN_FLIGHT,
        QwenVlSQLProperties.IN_FLIGHT_PER_TASK,
        QwenVlSQLProperties.IN_FLIGHT_PER_TASK_DEFAULT,
        1);
  }

  /** File bytes one task keeps in flight. */
  public long inFlightBytesPerTask() {
    return reader.longValue(
        "",
        QwenVlSQLProperties.IN_FLIGHT_BYTES_PER_TASK,
        QwenVlSQLProperties.IN_FLIGHT_BYTES_PER_TASK_DEFAULT,
        1);
  }

  /** Estimated tokens per input partition. */
  public long partitionTargetCost() {
    return reader.longValue(
        QwenVlReadOptions.PARTITION_TARGET_COST,
        QwenVlSQLProperties.PARTITION_TARGET_COST,
        QwenVlSQLProperties.PARTITION_TARGET_COST_DEFAULT,
        1);
  }

  /** Model cache folder, or null for the default. */
  public String cacheDir() {
    return reader.raw("", QwenVlSQLProperties.CACHE_DIR);
  }

  /** Largest file read, in bytes. */
  public long maxMediaBytes() {
    return reader.longValue(
        QwenVlReadOptions.MAX_MEDIA_BYTES,
        QwenVlSQLProperties.MAX_MEDIA_BYTES,
        QwenVlSQLProperties.MAX_MEDIA_BYTES_DEFAULT,
        1);
  }

  /** Header bytes read per file on the driver. */
  public int probeBytes() {
    return reader.intValue(
        "", QwenVlSQLProperties.PROBE_BYTES, QwenVlSQLProperties.PROBE_BYTES_DEFAULT, 64);
  }

  /** Reader fails after this many rows on attempt 0 (tests only); negative: never. */
  public int failAfterRowsForTesting() {
    return reader.intValue(
        QwenVlReadOptions.FAIL_AFTER_ROWS_FOR_TESTING, null, -1, Integer.MIN_VALUE);
  }

  /** Preprocessing settings; null fields mean the model's defaults. */
  public MediaOptions mediaOptions() {
    int min =
        reader.intValue(
            QwenVlReadOptions.MIN_PIXELS,
            QwenVlSQLProperties.MIN_PIXELS,
            QwenVlSQLProperties.MIN_PIXELS_DEFAULT,
            0);
    int max =
        reader.intValue(
            QwenVlReadOptions.MAX_PIXELS,
            QwenVlSQLProperties.MAX_PIXELS,
            QwenVlSQLProperties.MAX_PIXELS_DEFAULT,
            0);
    int frames =
        reader.intValue(
            QwenVlReadOptions.MAX_FRAMES,
            QwenVlSQLProperties.MAX_FRAMES,
            QwenVlSQLProperties.MAX_FRAMES_DEFAULT,
            0);
    double fps =
        reader.doubleValue(
            QwenVlReadOptions.FPS, QwenVlSQLProperties.FPS, QwenVlSQLProperties.FPS_DEFAULT);
    if (!(fps > 0)) {
      throw ConfReader.invalid(
          QwenVlReadOptions.FPS, QwenVlSQLProperties.FPS, String.valueOf(fps), "> 0");
    }
    if (min > 0 && max > 0 && min > max) {
      throw new IllegalArgumentException("min-pixels " + min + " is larger than max-pixels " + max);
    }
    return new MediaOptions(
        min == 0 ? null : min,
        max == 0 ? null : max,
        fps,
        frames == 0 ? null : frames,
        alphaOnWhite());
  }

  private boolean alphaOnWhite() {
    String a = reader.string(QwenVlReadOptions.ALPHA, null, "white").toLowerCase(Locale.ROOT);
    return switch (a) {
      case "white" -> true;
      case "drop" -> false;
      default -> throw ConfReader.invalid(QwenVlReadOptions.ALPHA, null, a, "white or drop");
    };
  }

  /** Generation settings: Qwen's default (greedy, penalty 1.05) changed by the read options. */
  public GenerationConfig generationConfig() {
    int maxNew =
        reader.intValue(
            QwenVlReadOptions.MAX_NEW_TOKENS,
            QwenVlSQLProperties.MAX_NEW_TOKENS,
            QwenVlSQLProperties.MAX_NEW_TOKENS_DEFAULT,
            1);
    GenerationConfig g =
        GenerationConfig.qwenDefault(maxNew)
            .withRepetitionPenalty(
                reader.doubleValue(QwenVlReadOptions.REPETITION_PENALTY, null, 1.05));
    if (reader.booleanValue(QwenVlReadOptions.DO_SAMPLE, false)) {
      g =
          g.withSampling(
              reader.doubleValue(QwenVlReadOptions.TEMPERATURE, null, 1.0),
              reader.intValue(QwenVlReadOptions.TOP_K, null, 0, 0),
              reader.doubleValue(QwenVlReadOptions.TOP_P, null, 1.0),
              reader.longValue(QwenVlReadOptions.SEED, null, 0L, Long.MIN_VALUE));
    }
    return g;
  }

  /** The task with its parameters, validated. */
  public TaskSpec taskSpec() {
    TaskKind kind = TaskKind.parse(reader.string(QwenVlReadOptions.TASK, null, "caption"));
    return new TaskSpec(
        kind,
        reader.raw(QwenVlReadOptions.PROMPT, null),
        reader.raw(QwenVlReadOptions.SYSTEM_PROMPT, null),
        reader.raw(QwenVlReadOptions.TARGET, null),
        reader.raw(QwenVlReadOptions.SCHEMA, null),
        generationConfig());
  }
}
