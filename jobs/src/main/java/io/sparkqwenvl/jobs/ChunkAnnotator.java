package io.sparkqwenvl.jobs;

import io.sparkqwenvl.spark.Redaction;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.TaskResult;
import io.sparkqwenvl.tasks.TaskSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The executor side of one chunk: reads each file through Hadoop (local, s3a, ...), sends every
 * pending task of every file to the backend in batches, and flattens the results. A file that
 * cannot be read, or is larger than {@code spark.sql.qwenvl.max-media-bytes}, becomes a "read"
 * failure of each of its tasks.
 */
final class ChunkAnnotator implements FlatMapFunction<Iterator<WorkItem>, ItemResult> {

  private static final long serialVersionUID = 1L;
  private static final int BATCH_FILES = 8;

  private final BackendFactory factory;
  private final BackendSettings settings;
  // Task specs and media options are not serializable: ship the job's arguments, rebuild them.
  private final AnnotateArgs args;
  private final Map<String, String> hadoopConf;
  private transient List<TaskSpec> tasks;
  private transient MediaOptions media;
  private transient long maxBytes;

  ChunkAnnotator(
      BackendFactory factory,
      BackendSettings settings,
      AnnotateArgs args,
      Map<String, String> hadoopConf) {
    this.factory = factory;
    this.settings = settings;
    this.args = args;
    this.hadoopConf = Map.copyOf(hadoopConf);
  }

  @Override
  public Iterator<ItemResult> call(Iterator<WorkItem> items) {
    tasks = AnnotateJob.tasks(args);
    media = AnnotateJob.media(args);
    maxBytes = Math.min(settings.conf().maxMediaBytes(), Integer.MAX_VALUE - 9L);
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    Redaction.registerSecrets(conf);
    List<ItemResult> out = new ArrayList<>();
    List<WorkItem> batch = new ArrayList<>();
    try (AnnotationBackend backend = factory.open(settings)) {
      while (items.hasNext()) {
        batch.add(items.next());
        if (batch.size() == BATCH_FILES || !items.hasNext()) {
          out.addAll(annotate(backend, conf, batch));
          batch.clear();
        }
      }
    }
    return out.iterator();
  }

  private List<ItemResult> annotate(
      AnnotationBackend backend, Configuration conf, List<WorkItem> batch) {
    List<ItemResult> out = new ArrayList<>();
    List<AnnotationRequest> requests = new ArrayList<>();
    List<WorkItem> owners = new ArrayList<>();
    List<Integer> taskIdx = new ArrayList<>();
    for (WorkItem item : batch) {
      byte[] bytes;
      String error = null;
      try {
        bytes = read(conf, item, maxBytes);
        if (!TaskKeys.sha256Hex(bytes).equals(item.contentHash())) {
          // Stored under the scanned hash, the result would describe other bytes.
          error = "the file changed since the scan; the next run annotates its new content";
        }
      } catch (IOException | RuntimeException e) {
        bytes = null;
        error = Redaction.describe(e);
      }
      if (error != null) {
        for (int t : item.tasks()) {
          out.add(
              ItemResult.failure(
                  item, t, "read", "cannot read " + Redaction.path(item.path()) + ": " + error));
        }
        continue;
      }
      for (int t : item.tasks()) {
        requests.add(new AnnotationRequest(item.path(), bytes, tasks.get(t), media));
        owners.add(item);
        taskIdx.add(t);
      }
    }
    if (requests.isEmpty()) {
      return out;
    }
    List<TaskResult> results = backend.annotate(requests);
    if (results.size() != requests.size()) {
      throw new IllegalStateException(
          "backend returned " + results.size() + " results for " + requests.size() + " requests");
    }
    for (int i = 0; i < results.size(); i++) {
      out.add(flatten(owners.get(i), taskIdx.get(i), results.get(i)));
    }
    return out;
  }

  static ItemResult flatten(WorkItem item, int task, TaskResult r) {
    if (!r.ok()) {
      String stage = r.errorStage() == null ? "generate" : r.errorStage();
      return ItemResult.failure(item, task, stage, r.error());
    }
    return new ItemResult(
        item,
        task,
        true,
        r.text(),
        r.boxes() == null ? List.of() : List.copyOf(r.boxes()),
        r.fields() == null ? null : FieldsJson.write(r.fields()),
        r.nullReasons() == null ? Map.of() : Map.copyOf(r.nullReasons()),
        r.finishReason() == null
            ? null
            : r.finishReason().name().toLowerCase(java.util.Locale.ROOT),
        r.repetitionDetected(),
        r.promptTokens(),
        r.outputTokens(),
        r.latencyMillis(),
        r.width(),
        r.height(),
        r.durationSeconds(),
        null,
        null);
  }

  /** The file's bytes, refusing more than {@code maxBytes} (the size scanned, then the read). */
  private static byte[] read(Configuration conf, WorkItem item, long maxBytes) throws IOException {
    if (item.size() > maxBytes) {
      throw new IOException(
          "file of " + item.size() + " bytes exceeds max-media-bytes " + maxBytes);
    }
    Path p = new Path(item.path());
    FileSystem fs = p.getFileSystem(conf);
    byte[] bytes;
    try (InputStream in = fs.open(p)) {
      bytes = in.readNBytes((int) (maxBytes + 1));
    }
    if (bytes.length > maxBytes) {
      throw new IOException("file grew past max-media-bytes " + maxBytes + " after the scan");
    }
    return bytes;
  }
}
