package io.sparkqwenvl.udfs;

import io.sparkqwenvl.spark.Redaction;
import io.sparkqwenvl.tasks.TaskResult;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.MutableProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.AbstractIterator;
import scala.collection.Iterator;

/**
 * The rows of one task with their calls' results, in input order. Copies each input row into a
 * bounded window, submits its calls at once and emits rows as their results arrive; the window is
 * refilled in groups whenever it drains to half, so the executor's engine always has many requests
 * to batch. Stops pulling input when the task is interrupted; a completion listener drops whatever
 * is still in flight.
 */
final class InFlightIterator extends AbstractIterator<InternalRow> {

  private static final Logger LOG = LoggerFactory.getLogger(InFlightIterator.class);
  private static final long POLL_MILLIS = 50;

  private final Iterator<InternalRow> input;
  private final TaskContext context;
  private final List<CallPlan> calls;
  private final MutableProjection arguments; // [content_0, text_0, ..., mediaId]
  private final UnsafeProjection output;
  private final AnnotationBackend backend;
  private final Configuration hadoopConf;
  private final BatchSettings settings;
  private final EvalMetrics metrics;
  private final ArrayDeque<Pending> window = new ArrayDeque<>();
  private final JoinedRow joined = new JoinedRow();
  private long bytesInFlight;
  private long rowsRead;
  private int peakInFlight;

  /** One input row and the futures of its calls (null: the result is NULL without a request). */
  private record Pending(
      InternalRow row, String mediaId, CompletableFuture<TaskResult>[] results, long bytes) {}

  InFlightIterator(
      Iterator<InternalRow> input,
      TaskContext context,
      List<CallPlan> calls,
      MutableProjection arguments,
      UnsafeProjection output,
      AnnotationBackend backend,
      Configuration hadoopConf,
      BatchSettings settings,
      EvalMetrics metrics) {
    this.input = input;
    this.context = context;
    this.calls = calls;
    this.arguments = arguments;
    this.output = output;
    this.backend = backend;
    this.hadoopConf = hadoopConf;
    this.settings = settings;
    this.metrics = metrics;
    if (context != null) {
      context.addTaskCompletionListener(
          (org.apache.spark.util.TaskCompletionListener) ctx -> close());
    }
  }

  @Override
  public boolean hasNext() {
    if (window.size() <= settings.maxInFlight() / 2) {
      refill();
    }
    return !window.isEmpty();
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows in partition");
    }
    Pending p = window.poll();
    bytesInFlight -= p.bytes();
    InternalRow results = await(p);
    metrics.rows.add(1);
    return output.apply(joined.apply(p.row(), results));
  }

  /** Pulls rows and submits their calls until the window is full or the input ends. */
  private void refill() {
    int submitted = 0;
    while (window.size() < settings.maxInFlight()
        && (window.isEmpty() || bytesInFlight < settings.maxInFlightBytes())
        && !interrupted()
        && input.hasNext()) {
      Pending p = submit(input.next().copy());
      window.add(p);
      bytesInFlight += p.bytes();
      submitted++;
    }
    if (submitted > 0) {
      metrics.batches.add(1);
      peakInFlight = Math.max(peakInFlight, window.size() * calls.size());
    }
  }

  private boolean interrupted() {
    if (context == null) {
      return false;
    }
    context.killTaskIfInterrupted();
    return context.isCompleted();
  }

  private Pending submit(InternalRow row) {
    long index = rowsRead++;
    InternalRow args = arguments.apply(row);
    int n = calls.size();
    String mediaId = args.isNullAt(2 * n) ? null : args.getUTF8String(2 * n).toString();
    if (mediaId == null) {
      mediaId = "partition " + (context == null ? 0 : context.partitionId()) + " row " + index;
    }
    long bytes = row instanceof UnsafeRow u ? u.getSizeInBytes() : 0;
    @SuppressWarnings("unchecked")
    CompletableFuture<TaskResult>[] futures = new CompletableFuture[n];
    for (int i = 0; i < n; i++) {
      CallPlan call = calls.get(i);
      if (args.isNullAt(2 * i)) {
        continue;
      }
      String text = args.isNullAt(2 * i + 1) ? null : args.getUTF8String(2 * i + 1).toString();
      if (call.function().textArgument() != null && text == null) {
        continue;
      }
      byte[] content;
      String id = mediaId;
      if (call.pathContent()) {
        id = args.getUTF8String(2 * i).toString();
        try {
          content = MediaBytes.read(id, hadoopConf, call.maxMediaBytes());
        } catch (IOException | RuntimeException e) {
          futures[i] = failed(call, "read", id + ": " + e.getMessage());
          continue;
        }
      } else {
        content = args.getBinary(2 * i);
      }
      bytes += content.length;
      try {
        futures[i] = backend.submit(call.options(), call.request(id, content, text));
      } catch (IllegalArgumentException e) {
        futures[i] = failed(call, "prompt", id + ": " + e.getMessage());
      }
    }
    return new Pending(row, mediaId, futures, bytes);
  }

  private static CompletableFuture<TaskResult> failed(CallPlan call, String stage, String error) {
    return CompletableFuture.completedFuture(call.failure(stage, error));
  }

  /** Waits for a row's results and converts them; failures become NULL and are counted. */
  private InternalRow await(Pending p) {
    Object[] values = new Object[calls.size()];
    long start = System.nanoTime();
    for (int i = 0; i < values.length; i++) {
      if (p.results()[i] != null) {
        values[i] = value(calls.get(i), p.mediaId(), get(p.results()[i], p.mediaId()));
      }
    }
    metrics.waitTime.add(System.nanoTime() - start);
    return new GenericInternalRow(values);
  }

  private TaskResult get(CompletableFuture<TaskResult> f, String mediaId) {
    while (true) {
      try {
        return f.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        interrupted();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + mediaId, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "the annotation backend failed on " + mediaId + ": " + e.getCause(), e.getCause());
      }
    }
  }

  private Object value(CallPlan call, String mediaId, TaskResult r) {
    if (r.ok()) {
      try {
        Object v = call.value(r);
        count(r);
        return v;
      } catch (RuntimeException e) {
        r = TaskResult.failure(r.task(), "convert", e.toString(), r.latencyMillis());
      }
    }
    metrics.errors.add(1);
    LOG.warn(
        "{} returned NULL for {}: {} failed at stage {}: {}",
        call.function().sqlName(),
        Redaction.path(mediaId),
        r.task().id(),
        r.errorStage(),
        Redaction.redact(r.error()));
    return null;
  }

  private void count(TaskResult r) {
    (r.durationSeconds() != null ? metrics.videos : metrics.images).add(1);
    metrics.promptTokens.add(r.promptTokens());
    metrics.outputTokens.add(r.outputTokens());
  }

  /** Drops the rows still in flight, cancelling their requests. */
  private void close() {
    for (Pending p : window) {
      for (CompletableFuture<TaskResult> f : p.results()) {
        if (f != null) {
          f.cancel(false);
        }
      }
    }
    window.clear();
    bytesInFlight = 0;
    metrics.peakInFlight.set((long) peakInFlight);
  }
}
