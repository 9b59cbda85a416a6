package io.sparkqwenvl.udfs;

import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.MutableProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.util.SerializableConfiguration;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;

/**
 * The per-partition function of {@link BatchQwenVlEvalExec}, shipped to the tasks: projects each
 * row's call arguments and hands the rows to an {@link InFlightIterator} bound to this JVM's
 * annotation backend.
 */
final class PartitionEval extends AbstractFunction1<Iterator<InternalRow>, Iterator<InternalRow>>
    implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final Seq<Expression> arguments; // [content_0, text_0, ..., mediaId]
  private final Seq<Attribute> childOutput;
  private final DataType[] outputTypes;
  private final List<CallPlan> calls;
  private final BatchSettings settings;
  private final EvalMetrics metrics;
  private final Broadcast<SerializableConfiguration> hadoopConf;

  PartitionEval(
      Seq<Expression> arguments,
      Seq<Attribute> childOutput,
      DataType[] outputTypes,
      List<CallPlan> calls,
      BatchSettings settings,
      EvalMetrics metrics,
      Broadcast<SerializableConfiguration> hadoopConf) {
    this.arguments = arguments;
    this.childOutput = childOutput;
    this.outputTypes = outputTypes;
    this.calls = List.copyOf(calls);
    this.settings = settings;
    this.metrics = metrics;
    this.hadoopConf = hadoopConf;
  }

  @Override
  public Iterator<InternalRow> apply(Iterator<InternalRow> rows) {
    TaskContext context = TaskContext.get();
    MutableProjection projection = MutableProjection.create(arguments, childOutput);
    projection.initialize(context == null ? 0 : context.partitionId());
    return new InFlightIterator(
        rows,
        context,
        calls,
        projection,
        UnsafeProjection.create(outputTypes),
        settings.openBackend(),
        hadoopConf.value().value(),
        settings,
        metrics);
  }
}
