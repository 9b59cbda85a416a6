package io.sparkqwenvl.jobs;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.spark.QwenVlSQLProperties;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Arguments of the annotation job ({@code bin/qwenvl annotate} and the spark-submit main class).
 *
 * @param input corpus folder or URI (file:, s3a:, ...), listed recursively
 * @param table Delta table path or URI of the annotations
 * @param tasks the {@code --tasks} list, see {@link TaskListParser}
 * @param model {@code tiny}, a model folder, or a Hugging Face id {@code org/name[@rev]}; null: the
 *     session's {@code spark.sql.qwenvl.model}, else {@value #DEFAULT_MODEL}
 * @param quarantineTable Delta table of failures; default {@code <table>_quarantine}
 * @param runsTable Delta table of run records; default {@code <table>_runs}
 * @param maxNewTokens generation limit per item
 * @param minPixels smart_resize lower bound (null: the model's)
 * @param maxPixels smart_resize upper bound (null: the model's)
 * @param fps video sampling rate (null: 2.0)
 * @param device auto (the GPU Spark assigned to the task, else the CPU), cpu, gpu or gpu:N; null:
 *     the session's {@code spark.sql.qwenvl.device}, else auto
 * @param precision auto (fp16 mixed on a GPU, fp32 on the CPU), fp32 or fp16; null: the session's
 *     {@code spark.sql.qwenvl.precision}, else auto
 * @param master Spark master when the job creates its own session
 * @param chunkFiles files annotated and committed per MERGE
 * @param partitions Spark partitions per chunk (0: the session's default parallelism)
 * @param runId id of this run (default a random UUID)
 * @param sparkConf extra {@code --conf key=value} settings: for the session the job creates, and
 *     its {@code spark.sql.qwenvl.*} entries over the session's for this job ({@link
 *     BackendSettings#resolve})
 */
public record AnnotateArgs(
    String input,
    String table,
    String tasks,
    String model,
    String quarantineTable,
    String runsTable,
    int maxNewTokens,
    Integer minPixels,
    Integer maxPixels,
    Double fps,
    String device,
    String precision,
    String master,
    int chunkFiles,
    int partitions,
    String runId,
    Map<String, String> sparkConf)
    implements java.io.Serializable {

  public static final String DEFAULT_TABLE = "qwenvl-output/annotations";
  public static final String DEFAULT_MODEL = QwenVlSQLProperties.MODEL_DEFAULT;

  public AnnotateArgs {
    if (input == null || input.isBlank()) {
      throw new IllegalArgumentException("--input is required (a folder or URI of images/videos)");
    }
    table = table == null ? DEFAULT_TABLE : stripSlash(table);
    tasks = tasks == null ? "caption" : tasks;
    quarantineTable = quarantineTable == null ? table + "_quarantine" : quarantineTable;
    runsTable = runsTable == null ? table + "_runs" : runsTable;
    master = master == null ? "local[*]" : master;
    runId = runId == null ? UUID.randomUUID().toString() : runId;
    sparkConf = sparkConf == null ? Map.of() : new java.util.TreeMap<>(sparkConf);
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("--max-new-tokens must be >= 1, got " + maxNewTokens);
    }
    if (chunkFiles < 1) {
      throw new IllegalArgumentException("--chunk-files must be >= 1, got " + chunkFiles);
    }
    // Fail on a bad task list before any Spark session starts.
    TaskListParser.parse(tasks, GenerationConfig.qwenDefault(maxNewTokens));
  }

  /** Usage text of the options. */
  public static final String USAGE =
      String.join(
          "\n",
          "usage: qwenvl annotate --input DIR|URI [options]",
          "  --input DIR|URI          corpus (local path, file:, s3a:), listed recursively",
          "  --table PATH|URI         Delta table of annotations (default " + DEFAULT_TABLE + ")",
          "  --tasks LIST             caption,caption_detailed,ocr,ocr_html,detect=PHRASE,",
          "                           extract='name TYPE, ...',prompt='TEXT' (default caption)",
          "  --model ID|DIR|tiny      HF id[@rev], local folder, or tiny (default "
              + DEFAULT_MODEL
              + ")",
          "  --quarantine-table P     failures (default <table>_quarantine)",
          "  --runs-table P           run records (default <table>_runs)",
          "  --max-new-tokens N       generation limit per item (default 512)",
          "  --min-pixels N --max-pixels N --fps F   preprocessing bounds",
          "  --device auto|cpu|gpu|gpu:N  (default auto: the task's GPU if Spark assigned one)",
          "  --precision auto|fp32|fp16   (default auto: fp16 mixed on a GPU, fp32 on the CPU)",
          "  --master URL             Spark master when run by the CLI (default local[*])",
          "  --chunk-files N          files per committed MERGE (default 32)",
          "  --partitions N           Spark partitions per chunk (default: default parallelism)",
          "  --run-id ID              run id (default random)",
          "  --conf key=value         Spark setting, e.g. spark.sql.qwenvl.engine.lanes=2,",
          "                           spark.sql.qwenvl.cache-dir=DIR (model, device and precision",
          "                           default to the spark.sql.qwenvl.* settings)");

  /** Parses {@code --key value} and {@code --key=value} options. */
  public static AnnotateArgs parse(String[] argv) {
    Map<String, String> o = new LinkedHashMap<>();
    Map<String, String> conf = new LinkedHashMap<>();
    Iterator<String> it = List.of(argv).iterator();
    while (it.hasNext()) {
      String[] kv = option(it.next(), it);
      if (kv[0].equals("conf")) {
        int e = kv[1].indexOf('=');
        if (e <= 0) {
          throw new IllegalArgumentException("--conf expects key=value, got " + kv[1]);
        }
        conf.put(kv[1].substring(0, e), kv[1].substring(e + 1));
      } else if (!KNOWN.contains(kv[0])) {
        throw new IllegalArgumentException("unknown option --" + kv[0] + "\n" + USAGE);
      } else {
        o.put(kv[0], kv[1]);
      }
    }
    return of(o, conf);
  }

  /** {@code --key value} or {@code --key=value} as {key, value}. */
  private static String[] option(String a, Iterator<String> rest) {
    if (!a.startsWith("--")) {
      throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
    }
    String key = a.substring(2);
    int eq = key.indexOf('=');
    if (eq >= 0) {
      return new String[] {key.substring(0, eq), key.substring(eq + 1)};
    }
    if (!rest.hasNext()) {
      throw new IllegalArgumentException("option --" + key + " needs a value\n" + USAGE);
    }
    return new String[] {key, rest.next()};
  }

  private static AnnotateArgs of(Map<String, String> o, Map<String, String> conf) {
    return new AnnotateArgs(
        o.get("input"),
        o.get("table"),
        o.get("tasks"),
        o.get("model"),
        o.get("quarantine-table"),
        o.get("runs-table"),
        intOpt(o, "max-new-tokens", 512),
        integer(o, "min-pixels"),
        integer(o, "max-pixels"),
        o.containsKey("fps") ? Double.valueOf(o.get("fps")) : null,
        o.get("device"),
        o.get("precision"),
        o.get("master"),
        intOpt(o, "chunk-files", 32),
        intOpt(o, "partitions", 0),
        o.get("run-id"),
        conf);
  }

  private static final List<String> KNOWN =
      List.copyOf(
          List.of(
              "input",
              "table",
              "tasks",
              "model",
              "quarantine-table",
              "runs-table",
              "max-new-tokens",
              "min-pixels",
              "max-pixels",
              "fps",
              "device",
              "precision",
              "master",
              "chunk-files",
              "partitions",
              "run-id"));

  private static Integer integer(Map<String, String> o, String key) {
    return o.containsKey(key) ? intOpt(o, key, 0) : null;
  }

  private static int intOpt(Map<String, String> o, String key, int dflt) {
    String v = o.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " expects an integer, got '" + v + "'", e);
    }
  }

  private static String stripSlash(String p) {
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
