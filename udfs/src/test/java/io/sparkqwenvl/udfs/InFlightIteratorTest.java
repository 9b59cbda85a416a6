package io.sparkqwenvl.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.generate.FinishReason;
import io.sparkqwenvl.tasks.AnnotationRequest;
import io.sparkqwenvl.tasks.TaskKind;
import io.sparkqwenvl.tasks.TaskResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.MutableProjection;
import org.apache.spark.sql.catalyst.expressions.NamedExpression$;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** The batching window without Spark: bounds, order under out-of-order completion, NULLs. */
class InFlightIteratorTest {

  private static final Attribute CONTENT = attr("content", DataTypes.BinaryType);
  private static final Attribute PATH = attr("path", DataTypes.StringType);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final EvalMetrics metrics = EvalMetrics.unregistered();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /** Completes the newest pending request first, every millisecond; records the peak pending. */
  private final class LifoBackend implements AnnotationBackend {
    final Deque<Object[]> pending = new ArrayDeque<>();
    final List<String> submitted = new ArrayList<>();
    int peak;

    LifoBackend() {
      timer.scheduleAtFixedRate(this::completeNewest, 1, 1, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized CompletableFuture<TaskResult> submit(
        Map<String, String> options, AnnotationRequest r) {
      CompletableFuture<TaskResult> f = new CompletableFuture<>();
      pending.push(new Object[] {r, f});
      submitted.add(r.mediaId());
      peak = Math.max(peak, pending.size());
      return f;
    }

    @SuppressWarnings("unchecked")
    private synchronized void completeNewest() {
      Object[] p = pending.poll();
      if (p != null) {
        AnnotationRequest r = (AnnotationRequest) p[0];
        String body = new String(r.content(), StandardCharsets.UTF_8);
        TaskResult result =
            body.startsWith("bad")
                ? TaskResult.failure(TaskKind.CAPTION, "decode", r.mediaId() + ": bad", 0)
                : new TaskResult(
                    TaskKind.CAPTION,
                    "about " + body,
                    List.of(),
                    null,
                    Map.of(),
                    FinishReason.STOP,
                    null,
                    null,
                    false,
                    5,
                    2,
                    0,
                    1,
                    1,
                    null);
        ((CompletableFuture<TaskResult>) p[1]).complete(result);
      }
    }
  }

  private static Attribute attr(String name, DataType type) {
    return new AttributeReference(
        name,
        type,
        true,
        Metadata.empty(),
        NamedExpression$.MODULE$.newExprId(),
        CollectionConverters.asScala(List.<String>of()).toList());
  }

  private static InternalRow row(String content, String path) {
    return new GenericInternalRow(
        new Object[] {
          content == null ? null : content.getBytes(StandardCharsets.UTF_8),
          UTF8String.fromString(path)
        });
  }

  private List<String[]> run(
      List<InternalRow> rows, AnnotationBackend backend, int maxInFlight, long maxBytes) {
    BatchSettings settings =
        new BatchSettings(maxInFlight, maxBytes, FakeBackend.class.getName(), new TreeMap<>());
    QwenVlCall call = new QwenVlCall("qwen_caption", Seqs.of(List.<Expression>of(CONTENT)));
    List<Expression> args = List.of(CONTENT, Literal.create(null, DataTypes.StringType), PATH);
    MutableProjection projection =
        MutableProjection.create(Seqs.of(args), Seqs.of(List.of(CONTENT, PATH)));
    UnsafeProjection output =
        UnsafeProjection.create(
            new DataType[] {DataTypes.BinaryType, DataTypes.StringType, DataTypes.StringType});
    InFlightIterator it =
        new InFlightIterator(
            CollectionConverters.asScala(rows.iterator()),
            null,
            List.of(CallPlan.of(call, settings)),
            projection,
            output,
            backend,
            null,
            settings,
            metrics);
    List<String[]> out = new ArrayList<>();
    while (it.hasNext()) {
      InternalRow r = it.next();
      out.add(
          new String[] {
            r.getUTF8String(1).toString(), r.isNullAt(2) ? null : r.getUTF8String(2).toString()
          });
    }
    return out;
  }

  private static List<InternalRow> rows(int n) {
    List<InternalRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row("img" + i, "/p/" + i));
    }
    return rows;
  }

  @Test
  void rowsComeBackInInputOrderThoughResultsArriveNewestFirst() {
    LifoBackend backend = new LifoBackend();
    List<String[]> out = run(rows(20), backend, 4, Long.MAX_VALUE);
    assertThat(out).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(out.get(i)).containsExactly("/p/" + i, "about img" + i);
    }
    assertThat(backend.peak).isBetween(2, 4);
    // The window of 4 is refilled when it drains to 2: 1 + 16 / 2 submission rounds.
    assertThat(metrics.batches.value()).isEqualTo(9);
    assertThat(metrics.images.value()).isEqualTo(20);
    assertThat(metrics.promptTokens.value()).isEqualTo(100);
  }

  @Test
  void theByteBoundKeepsOneLargeRowInFlight() {
    LifoBackend backend = new LifoBackend();
    List<String[]> out = run(rows(5), backend, 64, 1);
    assertThat(out).hasSize(5);
    assertThat(backend.peak).isEqualTo(1);
  }

  @Test
  void nullContentGivesNullWithoutARequestAndBadMediaGivesNullAndAnError() {
    LifoBackend backend = new LifoBackend();
    List<String[]> out =
        run(
            List.of(row("img0", "/p/0"), row(null, "/p/1"), row("bad", "/p/2")),
            backend,
            8,
            Long.MAX_VALUE);
    assertThat(out.get(0)).containsExactly("/p/0", "about img0");
    assertThat(out.get(1)).containsExactly("/p/1", null);
    assertThat(out.get(2)).containsExactly("/p/2", null);
    assertThat(backend.submitted).containsExactly("/p/0", "/p/2");
    assertThat(metrics.errors.value()).isEqualTo(1);
    assertThat(metrics.images.value()).isEqualTo(1);
  }
}
