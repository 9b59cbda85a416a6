package io.sparkqwenvl.udfs;

import io.sparkqwenvl.spark.QwenVlConf;
import io.sparkqwenvl.spark.source.QwenVlReadOptions;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskSpec;
import java.io.Serializable;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options map of one call, e.g. {@code map('max-new-tokens', '64', 'max-pixels', '401408')}.
 * Keys are the {@code qwenvl} data source's read options ({@link QwenVlReadOptions}: model, device,
 * precision, prompt, system-prompt, min-pixels, max-pixels, fps, max-frames, alpha, max-new-tokens,
 * do-sample, temperature, top-k, top-p, repetition-penalty, seed, max-media-bytes for path
 * arguments, and every {@link QwenVlReadOptions#ENGINE_OPTIONS engine.*} option, which applies when
 * the call's model is loaded on an executor) plus {@code detailed} (qwen_caption: a detailed
 * caption) and {@code html} (qwen_ocr: QwenVL HTML). They resolve like read options: the call's
 * value, else the session's {@code spark.sql.qwenvl.*} setting, else the default ({@link
 * QwenVlConf}). Keys are case-insensitive; an unknown key or a bad value fails the query at
 * analysis with a message naming it.
 */
final class CallOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String DETAILED = "detailed";
  static final String HTML = "html";

  static final Set<String> KEYS = keys();

  static final CallOptions NONE = new CallOptions(Map.of());

  private final TreeMap<String, String> values = new TreeMap<>();

  private static Set<String> keys() {
    Set<String> keys =
        new TreeSet<>(
            Set.of(
                QwenVlReadOptions.MODEL,
                QwenVlReadOptions.DEVICE,
                QwenVlReadOptions.PRECISION,
                QwenVlReadOptions.PROMPT,
                QwenVlReadOptions.SYSTEM_PROMPT,
                QwenVlReadOptions.MIN_PIXELS,
                QwenVlReadOptions.MAX_PIXELS,
                QwenVlReadOptions.FPS,
                QwenVlReadOptions.MAX_FRAMES,
                QwenVlReadOptions.ALPHA,
                QwenVlReadOptions.MAX_NEW_TOKENS,
                QwenVlReadOptions.DO_SAMPLE,
                QwenVlReadOptions.TEMPERATURE,
                QwenVlReadOptions.TOP_K,
                QwenVlReadOptions.TOP_P,
                QwenVlReadOptions.REPETITION_PENALTY,
                QwenVlReadOptions.SEED,
                QwenVlReadOptions.MAX_MEDIA_BYTES,
                DETAILED,
                HTML));
    keys.addAll(QwenVlReadOptions.ENGINE_OPTIONS);
    return Collections.unmodifiableSet(keys);
  }

  /** Parses and validates the entries; throws IllegalArgumentException naming a bad one. */
  CallOptions(Map<String, String> entries) {
    entries.forEach((k, v) -> values.put(k.trim().toLowerCase(Locale.ROOT), v));
    for (String key : values.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown option '" + key + "'; expected one of " + new TreeSet<>(KEYS));
      }
    }
    QwenVlConf conf = conf(Map.of());
    conf.mediaOptions();
    conf.generationConfig();
    conf.engineOptions();
    flag(DETAILED);
    flag(HTML);
  }

  /** The call's settings over the session's {@code spark.sql.qwenvl.*} settings. */
  QwenVlConf conf(Map<String, String> sessionConf) {
    return new QwenVlConf(values, sessionConf);
  }

  /** The entries as given (lower-case keys). */
  Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  /** The task this call runs. */
  TaskKind kind(QwenVlFunction function) {
    if (function == QwenVlFunction.CAPTION && flag(DETAILED)) {
      return TaskKind.CAPTION_DETAILED;
    }
    if (function == QwenVlFunction.OCR && flag(HTML)) {
      return TaskKind.OCR_HTML;
    }
    return function.kind();
  }

  /**
   * The task of one row.
   *
   * @param text the row's value of the function's text argument (target, schema or prompt); null
   *     for functions without one
   * @param conf {@link #conf} of the session the query was planned in
   */
  TaskSpec task(QwenVlFunction function, String text, QwenVlConf conf) {
    String prompt =
        function == QwenVlFunction.GENERATE ? text : values.get(QwenVlReadOptions.PROMPT);
    return new TaskSpec(
        kind(function),
        prompt,
        values.get(QwenVlReadOptions.SYSTEM_PROMPT),
        function == QwenVlFunction.DETECT ? text : null,
        function == QwenVlFunction.EXTRACT ? text : null,
        conf.generationConfig());
  }

  private boolean flag(String key) {
    String v = values.get(key);
    if (v == null) {
      return false;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "option '" + key + "' must be true or false, got '" + v + "'");
    };
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
