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

  private final Map<String, String> options;
  private final Function<String, String> session;

  /** Settings of one read: {@code options} over the session's {@code spark.sql.qwenvl.*}. */
  public QwenVlConf(SparkSession spark, Map<String, String> options) {
    this(options, key -> orNull(spark.conf().getOption(key)));
  }

  /** Settings from plain maps (tests, or callers without a session). */
  public QwenVlConf(Map<String, String> options, Map<String, String> sessionConf) {
    this(options, sessionConf::get);
  }

  private QwenVlConf(Map<String, String> options, Function<String, String> session) {
    this.options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (options != null) {
      this.options.putAll(options);
    }
    this.session = session;
  }

  private static String orNull(Option<String> o) {
    return o.isDefined() ? o.get() : null;
  }

  /** The raw value: read option, else session setting (when {@code sqlKey} is not null). */
  private String raw(String option, String sqlKey) {
    String v = options.get(option);
    if (v == null && sqlKey != null) {
      v = session.apply(sqlKey);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  private String string(String option, String sqlKey, String dflt) {
    String v = raw(option, sqlKey);
    return v == null ? dflt : v;
  }

  private int intValue(String option, String sqlKey, int dflt, int min) {
    String v = raw(option, sqlKey);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw invalid(option, sqlKey, v, "an integer >= " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(option, sqlKey, v, "an integer >= " + min);
    }
  }

  private long longValue(String option, String sqlKey, long dflt, long min) {
    String v = raw(option, sqlKey);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n < min) {
        throw invalid(option, sqlKey, v, "an integer >= " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(option, sqlKey, v, "an integer >= " + min);
    }
  }

  private double doubleValue(String option, String sqlKey, double dflt) {
    String v = raw(option, sqlKey);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw invalid(option, sqlKey, v, "a number");
    }
  }

  private boolean booleanValue(String option, boolean dflt) {
    String v = raw(option, null);
    if (v == null) {
      return dflt;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(option, null, v, "true or false");
    };
  }

  private static IllegalArgumentException invalid(
      String option, String sqlKey, String value, String expected) {
    String where = sqlKey == null ? "option " + option : "option " + option + " / " + sqlKey;
    return new IllegalArgumentException(where + " must be " + expected + ", got '" + value + "'");
  }

  /** Model id or directory. */
  public String model() {
    return string(QwenVlReadOptions.MODEL, QwenVlSQLProperties.MODEL, QwenVlSQLProperties.MODEL_DEFAULT);
  }

  /** Device setting as given ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}). */
  public String device() {
    return string(
        QwenVlReadOptions.DEVICE, QwenVlSQLProperties.DEVICE, QwenVlSQLProperties.DEVICE_DEFAULT)
        .toLowerCase(Locale.ROOT);
  }

  /** Precision setting as given ({@code auto}, {@code fp32}, {@code fp16}). */
  public String precision() {
    return string(
        QwenVlReadOptions.PRECISION,
        QwenVlSQLProperties.PRECISION,
        QwenVlSQLProperties.PRECISION_DEFAULT)
        .toLowerCase(Locale.ROOT);
  }

  /** Engine limits from the session (there are no per-read engine options: one engine per JVM). */
  public EngineOptions engineOptions() {
    return EngineOptions.defaults()
        .withMaxBatchSequences(
            intValue("", QwenVlSQLProperties.ENGINE_MAX_BATCH_SEQUENCES,
                QwenVlSQLProperties.ENGINE_MAX_BATCH_SEQUENCES_DEFAULT, 1))
        .withMaxBatchTokens(
            intValue("", QwenVlSQLProperties.ENGINE_MAX_BATCH_TOKENS,
                QwenVlSQLProperties.ENGINE_MAX_BATCH_TOKENS_DEFAULT, 1))
        .withKvCapacity(
            intValue("", QwenVlSQLProperties.ENGINE_KV_CAPACITY,
                QwenVlSQLProperties.ENGINE_KV_CAPACITY_DEFAULT, 1))
        .withQueueCapacity(
            intValue("", QwenVlSQLProperties.ENGINE_QUEUE_CAPACITY,
                QwenVlSQLProperties.ENGINE_QUEUE_CAPACITY_DEFAULT, 1));
  }

  /** Requests one task keeps in flight. */
  public int inFlightPerTask() {
    return intValue(QwenVlReadOptions.IN_FLIGHT, QwenVlSQLProperties.IN_FLIGHT_PER_TASK,
        QwenVlSQLProperties.IN_FLIGHT_PER_TASK_DEFAULT, 1);
  }

  /** Estimated tokens per input partition. */
  public long partitionTargetCost() {
    return longValue(QwenVlReadOptions.PARTITION_TARGET_COST,
        QwenVlSQLProperties.PARTITION_TARGET_COST,
        QwenVlSQLProperties.PARTITION_TARGET_COST_DEFAULT, 1);
  }

  /** Model cache folder, or null for the default. */
  public String cacheDir() {
    return raw("", QwenVlSQLProperties.CACHE_DIR);
  }

  /** Largest file read, in bytes. */
  public long maxMediaBytes() {
    return longValue(QwenVlReadOptions.MAX_MEDIA_BYTES, QwenVlSQLProperties.MAX_MEDIA_BYTES,
        QwenVlSQLProperties.MAX_MEDIA_BYTES_DEFAULT, 1);
  }

  /** Header bytes read per file on the driver. */
  public int probeBytes() {
    return intValue("", QwenVlSQLProperties.PROBE_BYTES, QwenVlSQLProperties.PROBE_BYTES_DEFAULT, 64);
  }

  /** Reader fails after this many rows on attempt 0 (tests only); negative: never. */
  public int failAfterRowsForTesting() {
    return intValue(QwenVlReadOptions.FAIL_AFTER_ROWS_FOR_TESTING, null, -1, Integer.MIN_VALUE);
  }

  /** Preprocessing settings; null fields mean the model's defaults. */
  public MediaOptions mediaOptions() {
    int min = intValue(QwenVlReadOptions.MIN_PIXELS, QwenVlSQLProperties.MIN_PIXELS,
        QwenVlSQLProperties.MIN_PIXELS_DEFAULT, 0);
    int max = intValue(QwenVlReadOptions.MAX_PIXELS, QwenVlSQLProperties.MAX_PIXELS,
        QwenVlSQLProperties.MAX_PIXELS_DEFAULT, 0);
    int frames = intValue(QwenVlReadOptions.MAX_FRAMES, QwenVlSQLProperties.MAX_FRAMES,
        QwenVlSQLProperties.MAX_FRAMES_DEFAULT, 0);
    double fps = doubleValue(QwenVlReadOptions.FPS, QwenVlSQLProperties.FPS,
        QwenVlSQLProperties.FPS_DEFAULT);
    if (!(fps > 0)) {
      throw invalid(QwenVlReadOptions.FPS, QwenVlSQLProperties.FPS, String.valueOf(fps), "> 0");
    }
    if (min > 0 && max > 0 && min > max) {
      throw new IllegalArgumentException(
          "min-pixels " + min + " is larger than max-pixels " + max);
    }
    return new MediaOptions(
        min == 0 ? null : min, max == 0 ? null : max, fps, frames == 0 ? null : frames,
        alphaOnWhite());
  }

  private boolean alphaOnWhite() {
    String a = string(QwenVlReadOptions.ALPHA, null, "white").toLowerCase(Locale.ROOT);
    return switch (a) {
      case "white" -> true;
      case "drop" -> false;
      default -> throw invalid(QwenVlReadOptions.ALPHA, null, a, "white or drop");
    };
  }

  /** Generation settings: Qwen's default (greedy, penalty 1.05) changed by the read options. */
  public GenerationConfig generationConfig() {
    int maxNew = intValue(QwenVlReadOptions.MAX_NEW_TOKENS, QwenVlSQLProperties.MAX_NEW_TOKENS,
        QwenVlSQLProperties.MAX_NEW_TOKENS_DEFAULT, 1);
    GenerationConfig g = GenerationConfig.qwenDefault(maxNew)
        .withRepetitionPenalty(doubleValue(QwenVlReadOptions.REPETITION_PENALTY, null, 1.05));
    if (booleanValue(QwenVlReadOptions.DO_SAMPLE, false)) {
      g = g.withSampling(
          doubleValue(QwenVlReadOptions.TEMPERATURE, null, 1.0),
          intValue(QwenVlReadOptions.TOP_K, null, 0, 0),
          doubleValue(QwenVlReadOptions.TOP_P, null, 1.0),
          longValue(QwenVlReadOptions.SEED, null, 0L, Long.MIN_VALUE));
    }
    return g;
  }

  /** The task with its parameters, validated. */
  public TaskSpec taskSpec() {
    TaskKind kind = TaskKind.parse(string(QwenVlReadOptions.TASK, null, "caption"));
    return new TaskSpec(
        kind,
        raw(QwenVlReadOptions.PROMPT, null),
        raw(QwenVlReadOptions.SYSTEM_PROMPT, null),
        raw(QwenVlReadOptions.TARGET, null),
        raw(QwenVlReadOptions.SCHEMA, null),
        generationConfig());
  }
}
