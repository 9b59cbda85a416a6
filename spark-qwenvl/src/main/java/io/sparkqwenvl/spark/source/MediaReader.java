package io.sparkqwenvl.spark.source;

import io.sparkqwenvl.spark.ExecutorModelCache;
import io.sparkqwenvl.spark.QwenVlConf;
import io.sparkqwenvl.spark.Redaction;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.Annotator;
import io.sparkqwenvl.tasks.MediaOptions;
import io.sparkqwenvl.tasks.ModelInfo;
import io.sparkqwenvl.tasks.TaskResult;
import io.sparkqwenvl.tasks.TaskSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one partition: keeps up to {@code in-flight} files submitted to the shared engine so it
 * sees full batches, and emits one row per file in partition order. A file that cannot be read or
 * annotated becomes an error row; only a model that cannot be loaded fails the task.
 * Package-private: Spark reaches it only through {@link MediaReaderFactory}.
 */
final class MediaReader implements PartitionReader<InternalRow> {

  private static final Logger LOG = LoggerFactory.getLogger(MediaReader.class);

  /** A file on its way through the model: submitted, or already failed before submission. */
  private record Pending(
      PlannedFile file,
      String hash,
      CompletableFuture<TaskResult> future,
      TaskResult failed,
      long bytes) {}

  private final List<PlannedFile> files;
  private final Configuration hadoop;
  private final QwenVlConf conf;
  private final TaskSpec task;
  private final MediaOptions media;
  private final RowWriter writer;
  private final int inFlight;
  private final long inFlightBytes;
  private long pendingBytes;
  private final long maxBytes;
  private final int failAfterRows;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final ReaderMetrics metrics = new ReaderMetrics();
  private Annotator annotator;
  private ModelInfo model;
  private int nextFile;
  private int emitted;
  private InternalRow current;

  MediaReader(MediaInputPartition partition, ReadSpec spec) {
    Objects.requireNonNull(partition, "partition");
    this.files = partition.files();
    this.hadoop = spec.hadoopConf();
    Redaction.registerSecrets(hadoop);
    this.conf = spec.conf();
    this.task = conf.taskSpec();
    this.media = conf.mediaOptions();
    this.writer = new RowWriter(task, media, spec.promptHash());
    this.inFlight = conf.inFlightPerTask();
    this.inFlightBytes = conf.inFlightBytesPerTask();
    // A byte[] holds at most Integer.MAX_VALUE - 8 bytes: one more than the limit must fit.
    this.maxBytes = Math.min(conf.maxMediaBytes(), Integer.MAX_VALUE - 9L);
    this.failAfterRows = conf.failAfterRowsForTesting();
  }

  @Override
  public boolean next() throws IOException {
    current = null;
    if (annotator == null && !files.isEmpty()) {
      annotator = ExecutorModelCache.get(conf);
      model = annotator.modelInfo();
    }
    fill();
    Pending p = pending.poll();
    if (p == null) {
      return false;
    }
    pendingBytes -= p.bytes();
    failForTestingIfAsked();
    TaskResult r = p.failed() != null ? p.failed() : await(p);
    current = writer.row(p.file(), p.hash(), r, conf.model(), model.revision());
    metrics.add(p.file().mediaType(), r);
    emitted++;
    return true;
  }

  @Override
  public InternalRow get() {
    if (current == null) {
      throw new IllegalStateException("no current row: call next() before get()");
    }
    return current;
  }

  /** Submits files until {@code inFlight} are pending or the partition is exhausted. */
  private void fill() {
    while (nextFile < files.size()
        && pending.size() < inFlight
        && (pending.isEmpty() || pendingBytes < inFlightBytes)) {
      PlannedFile f = files.get(nextFile++);
      String id = Redaction.path(f.path());
      byte[] bytes;
      try {
        bytes = read(f);
      } catch (IOException | RuntimeException e) {
        pending.add(failed(f, null, "read", id + ": " + Redaction.describe(e)));
        continue;
      }
      String hash = PromptHash.sha256Hex(bytes);
      if (bytes.length == 0) {
        pending.add(failed(f, hash, "read", id + ": empty file (0 bytes)"));
        continue;
      }
      try {
        AnnotationRequest request = new AnnotationRequest(id, bytes, task, media);
        pending.add(new Pending(f, hash, annotator.submit(request), null, bytes.length));
        pendingBytes += bytes.length;
      } catch (RuntimeException e) {
        pending.add(failed(f, hash, "generate", id + ": " + Redaction.describe(e)));
      }
    }
  }

  private byte[] read(PlannedFile f) throws IOException {
    if (f.size() > maxBytes) {
      throw new IOException("file of " + f.size() + " bytes exceeds max-media-bytes " + maxBytes);
    }
    Path p = new Path(f.path());
    byte[] bytes;
    try (InputStream in = p.getFileSystem(hadoop).open(p)) {
      bytes = in.readNBytes((int) (maxBytes + 1));
    }
    if (bytes.length > maxBytes) {
      // The file grew after planning: its first bytes are not the file.
      throw new IOException("file grew past max-media-bytes " + maxBytes + " after planning");
    }
    return bytes;
  }

  private TaskResult await(Pending p) throws IOException {
    try {
      return p.future().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while annotating " + Redaction.path(p.file().path()), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.warn(
          "annotating {} failed: {}", Redaction.path(p.file().path()), Redaction.describe(cause));
      return failure(
          "generate", Redaction.path(p.file().path()) + ": " + Redaction.describe(cause));
    }
  }

  private Pending failed(PlannedFile f, String hash, String stage, String message) {
    return new Pending(f, hash, null, failure(stage, message), 0L);
  }

  private TaskResult failure(String stage, String message) {
    return TaskResult.failure(task.kind(), stage, Redaction.redact(message), 0L);
  }

  private void failForTestingIfAsked() {
    TaskContext ctx = TaskContext.get();
    if (failAfterRows >= 0 && emitted == failAfterRows && ctx != null && ctx.attemptNumber() == 0) {
      throw new IllegalStateException(
          "testing.fail-after-rows: failing attempt 0 of partition "
              + ctx.partitionId()
              + " after "
              + emitted
              + " rows");
    }
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return metrics.values();
  }

  @Override
  public void close() {
    // The annotator is shared by the executor's tasks: only this reader's requests are dropped.
    for (Pending p : pending) {
      if (p.future() != null) {
        p.future().cancel(true);
      }
    }
    pending.clear();
  }
}
