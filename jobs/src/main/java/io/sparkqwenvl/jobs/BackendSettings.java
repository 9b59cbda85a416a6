package io.sparkqwenvl.jobs;

import io.sparkqwenvl.engine.EngineOptions;
import io.sparkqwenvl.spark.ExecutorModelCache;
import io.sparkqwenvl.spark.QwenVlConf;
import io.sparkqwenvl.spark.source.QwenVlReadOptions;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Model settings shipped to executors, resolved on the driver like a read of the {@code qwenvl}
 * source: the job's {@code --model}/{@code --device}/{@code --precision}, else the {@code
 * spark.sql.qwenvl.*} settings (the session's, with the job's {@code --conf} entries on top), else
 * the defaults. Engine limits and the model cache folder come from the same settings through {@link
 * QwenVlConf}, so the job loads its model exactly as the data source and the SQL functions do
 * ({@link ExecutorModelCache#get(QwenVlConf)}).
 *
 * @param model tiny, a folder, or a Hugging Face id
 * @param device auto, cpu, gpu, gpu:N
 * @param precision auto, fp32 or fp16
 * @param sqlConf every {@code spark.sql.qwenvl.*} setting in effect for the job
 */
public record BackendSettings(
    String model, String device, String precision, Map<String, String> sqlConf)
    implements Serializable {

  public BackendSettings {
    // A TreeMap: serializable, and equal settings print alike.
    sqlConf = sqlConf == null ? new TreeMap<>() : new TreeMap<>(sqlConf);
  }

  /**
   * The settings of a job's arguments over {@code sessionConf} (the session's settings; entries
   * other than {@code spark.sql.qwenvl.*} are ignored). Fails on the driver, naming the key, when a
   * device, precision or engine value is invalid.
   */
  public static BackendSettings resolve(AnnotateArgs a, Map<String, String> sessionConf) {
    Map<String, String> sql = new TreeMap<>();
    qwenVlEntries(sessionConf, sql);
    qwenVlEntries(a.sparkConf(), sql);
    Map<String, String> given = new TreeMap<>();
    putIfSet(given, QwenVlReadOptions.MODEL, a.model());
    putIfSet(given, QwenVlReadOptions.DEVICE, a.device());
    putIfSet(given, QwenVlReadOptions.PRECISION, a.precision());
    QwenVlConf conf = new QwenVlConf(given, sql);
    BackendSettings s = new BackendSettings(conf.model(), conf.device(), conf.precision(), sql);
    ExecutorModelCache.key(s.conf(), null);
    s.engineOptions();
    return s;
  }

  private static void qwenVlEntries(Map<String, String> from, Map<String, String> into) {
    from.forEach(
        (k, v) -> {
          if (k.startsWith(QwenVlConf.PREFIX)) {
            into.put(k, v);
          }
        });
  }

  private static void putIfSet(Map<String, String> m, String key, String value) {
    if (value != null && !value.isBlank()) {
      m.put(key, value);
    }
  }

  /** These settings as the connector's typed configuration. */
  public QwenVlConf conf() {
    return new QwenVlConf(
        Map.of(
            QwenVlReadOptions.MODEL, model,
            QwenVlReadOptions.DEVICE, device,
            QwenVlReadOptions.PRECISION, precision),
        sqlConf);
  }

  /** The engine limits ({@code spark.sql.qwenvl.engine.*}). */
  public EngineOptions engineOptions() {
    return conf().engineOptions();
  }

  /** The model cache folder ({@code spark.sql.qwenvl.cache-dir}), or null for the default. */
  public String cacheDir() {
    return conf().cacheDir();
  }
}
