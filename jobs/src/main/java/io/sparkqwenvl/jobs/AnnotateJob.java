package io.sparkqwenvl.jobs;

import io.sparkqwenvl.generate.GenerationConfig;
import io.sparkqwenvl.model.hub.ModelResolver;
import io.sparkqwenvl.spark.QwenVlConf;
import io.sparkqwenvl.spark.Redaction;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskSpec;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The incremental annotation job: scan the corpus (content hashes), plan what is not annotated yet
 * for these tasks, prompt settings and model revision, annotate it in chunks of files on the
 * executors, MERGE each chunk's results into the annotations table and its failures into the
 * quarantine, then append a run record. A kill loses at most the chunk in flight; a rerun picks up
 * the rest, and the keyed MERGE never duplicates a row.
 *
 * <p>The model, device, precision, engine limits and cache folder resolve as for a read of the
 * {@code qwenvl} source ({@link BackendSettings#resolve}): the job's arguments, else the session's
 * {@code spark.sql.qwenvl.*} settings with the job's {@code --conf} entries on top, else the
 * defaults.
 *
 * <p>As a spark-submit main class it uses the session spark-submit configured, plus the job's
 * {@code --conf} settings: {@code spark-submit --class io.sparkqwenvl.jobs.AnnotateJob app.jar
 * --input s3a://... --table ... --conf spark.sql.qwenvl.engine.lanes=2}.
 */
public final class AnnotateJob {

  private final SparkSession spark;
  private final AnnotateArgs args;
  private final BackendSettings settings;
  private final BackendFactory factory;
  private final JobProgress progress;

  public AnnotateJob(
      SparkSession spark, AnnotateArgs args, BackendFactory factory, JobProgress progress) {
    this.spark = spark;
    this.args = args;
    this.settings = BackendSettings.resolve(args, QwenVlConf.sessionSettings(spark));
    this.factory = factory;
    this.progress = progress == null ? JobProgress.NONE : progress;
  }

  /** spark-submit entry point. */
  public static void main(String[] argv) {
    AnnotateArgs a = AnnotateArgs.parse(argv);
    SparkSession.Builder builder = SparkSession.builder().appName("qwenvl-annotate");
    a.sparkConf().forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    AnnotateJob job =
        new AnnotateJob(spark, a, new AnnotatorBackendFactory(), new ConsoleProgress(System.err));
    if (ModelResolver.isTiny(job.settings().model())) {
      System.err.println(
          "qwenvl: WARNING: --model tiny is a random test model; its text is meaningless");
    }
    System.out.println(job.run());
  }

  /** The model settings this job ships to its executors. */
  public BackendSettings settings() {
    return settings;
  }

  /** The job's task list. */
  static List<TaskSpec> tasks(AnnotateArgs a) {
    return TaskListParser.parse(a.tasks(), GenerationConfig.qwenDefault(a.maxNewTokens()));
  }

  /** The job's preprocessing options. */
  static MediaOptions media(AnnotateArgs a) {
    return new MediaOptions(a.minPixels(), a.maxPixels(), a.fps(), null, null);
  }

  /** Runs the job; the run record is appended on success and on failure. */
  public RunSummary run() {
    long start = System.currentTimeMillis();
    Counters c = new Counters();
    AnnotationBackend.Info model = null;
    try {
      List<TaskSpec> tasks = tasks(args);
      MediaOptions media = media(args);
      requireDistinct(tasks, media);
      Redaction.registerSecrets(spark.sparkContext().hadoopConfiguration());
      ensureTables();
      List<ScannedFile> files = CorpusScanner.scan(spark, args.input());
      c.seen = files.size();
      model = probeModel();
      execute(tasks, media, files, model, c);
      return finish(start, model, c, null);
    } catch (RuntimeException e) {
      finish(start, model, c, e);
      throw e;
    }
  }

  /**
   * Refuses a task list naming the same task twice (same kind and prompt hash): both would be
   * annotated and the MERGE would insert two rows with one key.
   */
  static void requireDistinct(List<TaskSpec> tasks, MediaOptions media) {
    Set<String> seen = new HashSet<>();
    for (TaskSpec t : tasks) {
      if (!seen.add(t.kind().id() + "|" + TaskKeys.promptHash(t, media))) {
        throw new IllegalArgumentException(
            "--tasks lists the task "
                + t.kind().id()
                + " twice with the same settings ('"
                + TaskKeys.promptText(t)
                + "'); list each task once");
      }
    }
  }

  private void execute(
      List<TaskSpec> tasks,
      MediaOptions media,
      List<ScannedFile> files,
      AnnotationBackend.Info model,
      Counters c) {
    List<String> ids = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (TaskSpec t : tasks) {
      ids.add(t.kind().id());
      hashes.add(TaskKeys.promptHash(t, media));
      texts.add(TaskKeys.promptText(t));
    }
    WorkPlanner.Plan plan =
        WorkPlanner.plan(
            spark, files, hashes, ids, model.revision(), args.table(), args.quarantineTable());
    if (!plan.quarantinedKeys().isEmpty()) {
      DeltaTables.clearAnnotated(spark, args.quarantineTable(), args.table());
    }
    c.skipped = plan.filesSkipped();
    progress.planned(plan.items().size(), c.skipped, c.seen);
    ResultRows rows = new ResultRows(ids, hashes, texts, model, args.runId());
    ChunkAnnotator fn = new ChunkAnnotator(factory, settings, args, hadoopConf());
    List<WorkItem> items = plan.items();
    for (int from = 0; from < items.size(); from += args.chunkFiles()) {
      List<WorkItem> chunk = items.subList(from, Math.min(items.size(), from + args.chunkFiles()));
      commit(chunk, fn, rows, plan.quarantinedKeys(), c);
      progress.chunkCommitted(
          c.chunks, c.filesOk + c.filesFailed, c.itemsOk, c.itemsFailed, c.tokens);
    }
  }

  private void commit(
      List<WorkItem> chunk,
      ChunkAnnotator fn,
      ResultRows rows,
      Set<String> quarantined,
      Counters c) {
    long t0 = System.nanoTime();
    int parts = Math.max(1, Math.min(chunk.size(), partitions()));
    List<ItemResult> results =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(new ArrayList<>(chunk), parts)
            .mapPartitions(fn)
            .collect();
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Row> ok = new ArrayList<>();
    List<Row> failed = new ArrayList<>();
    List<Row> cleared = new ArrayList<>();
    Set<String> failedFiles = new HashSet<>();
    for (ItemResult r : results) {
      if (r.ok()) {
        Row row = rows.annotation(r, now);
        ok.add(row);
        c.tokens += r.outputTokens();
        if (quarantined.contains(rows.key(r))) {
          cleared.add(row);
        }
      } else {
        failed.add(rows.quarantine(r, now));
        failedFiles.add(r.item().contentHash());
      }
    }
    DeltaTables.mergeAnnotations(spark, args.table(), ok);
    DeltaTables.mergeQuarantine(spark, args.quarantineTable(), failed);
    DeltaTables.clearQuarantine(spark, args.quarantineTable(), cleared);
    c.itemsOk += ok.size();
    c.itemsFailed += failed.size();
    c.filesFailed += failedFiles.size();
    c.filesOk += chunk.size() - failedFiles.size();
    c.chunks++;
    c.annotateNanos += System.nanoTime() - t0;
  }

  private AnnotationBackend.Info probeModel() {
    BackendFactory f = factory;
    BackendSettings s = settings;
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(List.of(0), 1)
        .map(
            i -> {
              try (AnnotationBackend b = f.open(s)) {
                return b.info();
              }
            })
        .collect()
        .get(0);
  }

  private void ensureTables() {
    DeltaTables.ensure(spark, args.table(), TableSchemas.ANNOTATIONS);
    DeltaTables.ensure(spark, args.quarantineTable(), TableSchemas.QUARANTINE);
    DeltaTables.ensure(spark, args.runsTable(), TableSchemas.RUNS);
  }

  private int partitions() {
    return args.partitions() > 0 ? args.partitions() : spark.sparkContext().defaultParallelism();
  }

  private Map<String, String> hadoopConf() {
    Map<String, String> m = new TreeMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  private RunSummary finish(
      long start, AnnotationBackend.Info model, Counters c, RuntimeException e) {
    RunSummary s =
        new RunSummary(
            args.runId(),
            e == null ? "succeeded" : "failed",
            start,
            System.currentTimeMillis(),
            model == null ? settings.model() : model.modelId(),
            model == null ? null : model.revision(),
            c.seen,
            c.skipped,
            c.filesOk,
            c.filesFailed,
            c.itemsOk,
            c.itemsFailed,
            c.chunks,
            c.tokens,
            c.annotateNanos / 1_000_000,
            e == null ? null : Redaction.describe(e));
    try {
      DeltaTables.ensure(spark, args.runsTable(), TableSchemas.RUNS);
      DeltaTables.appendRun(spark, args.runsTable(), runRow(s));
    } catch (RuntimeException writeError) {
      if (e == null) {
        throw writeError;
      }
      e.addSuppressed(writeError);
    }
    progress.finished(s);
    return s;
  }

  private Row runRow(RunSummary s) {
    return RowFactory.create(
        s.runId(),
        s.status(),
        new Timestamp(s.startedMillis()),
        new Timestamp(s.endedMillis()),
        Redaction.path(args.input()),
        Redaction.path(args.table()),
        args.tasks(),
        Redaction.path(s.modelId()),
        s.modelRevision(),
        s.filesSeen(),
        s.filesSkipped(),
        s.filesOk(),
        s.filesFailed(),
        s.itemsOk(),
        s.itemsFailed(),
        s.chunks(),
        s.outputTokens(),
        s.annotateMillis() / 1000.0,
        s.imagesPerSecond(),
        s.tokensPerSecond(),
        s.error());
  }

  /** Mutable tallies of one run. */
  private static final class Counters {
    long seen;
    long skipped;
    long filesOk;
    long filesFailed;
    long itemsOk;
    long itemsFailed;
    long tokens;
    long annotateNanos;
    int chunks;
  }
}
