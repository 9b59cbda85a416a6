package io.sparkqwenvl.udfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.SerializableConfiguration;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Map;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Physical operator of {@link BatchQwenVlEval}: evaluates the qwen_* calls over the child's rows
 * with many requests in flight per task ({@link InFlightIterator}) and outputs child.output ++ one
 * column per call, rows in input order. Partitioning and ordering are the child's.
 *
 * <p>Public only because Catalyst copies tree nodes through their public constructor by reflection;
 * not an API.
 */
public final class BatchQwenVlEvalExec extends SparkPlan {

  private static final long serialVersionUID = 1L;

  private final Seq<Expression> calls;
  private final Expression mediaId;
  private final Seq<Attribute> resultAttrs;
  private final BatchSettings settings;
  private final SparkPlan child;
  private transient EvalMetrics evalMetrics;

  public BatchQwenVlEvalExec(
      Seq<Expression> calls,
      Expression mediaId,
      Seq<Attribute> resultAttrs,
      BatchSettings settings,
      SparkPlan child) {
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mediaId = Objects.requireNonNull(mediaId, "mediaId");
    this.resultAttrs = Objects.requireNonNull(resultAttrs, "resultAttrs");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.child = Objects.requireNonNull(child, "child");
  }

  private List<QwenVlCall> callList() {
    return CollectionConverters.asJava(calls).stream().map(QwenVlCall.class::cast).toList();
  }

  private synchronized EvalMetrics evalMetrics() {
    if (evalMetrics == null) {
      evalMetrics = EvalMetrics.create(sparkContext());
    }
    return evalMetrics;
  }

  @Override
  public Map<String, SQLMetric> metrics() {
    return Map.from(CollectionConverters.asScala(evalMetrics().byKey()));
  }

  @Override
  public RDD<InternalRow> doExecute() {
    List<CallPlan> plans = new ArrayList<>();
    List<Expression> args = new ArrayList<>();
    for (QwenVlCall c : callList()) {
      plans.add(CallPlan.of(c, settings));
      args.add(c.content());
      Expression text = c.text();
      args.add(text == null ? Literal.create(null, DataTypes.StringType) : text);
    }
    args.add(mediaId);
    DataType[] types =
        CollectionConverters.asJava(output()).stream()
            .map(Attribute::dataType)
            .toArray(DataType[]::new);
    ClassTag<SerializableConfiguration> confTag =
        ClassTag$.MODULE$.apply(SerializableConfiguration.class);
    Broadcast<SerializableConfiguration> hadoopConf =
        sparkContext()
            .broadcast(
                new SerializableConfiguration(session().sessionState().newHadoopConf()), confTag);
    PartitionEval eval =
        new PartitionEval(
            CollectionConverters.asScala(args).toList(),
            child.output(),
            types,
            plans,
            settings,
            evalMetrics(),
            hadoopConf);
    ClassTag<InternalRow> rowTag = ClassTag$.MODULE$.apply(InternalRow.class);
    return child.execute().mapPartitionsInternal(eval, false, rowTag);
  }

  @Override
  public Seq<Attribute> output() {
    return Seqs.concat(child.output(), resultAttrs);
  }

  @Override
  public AttributeSet producedAttributes() {
    return Seqs.attributeSet(resultAttrs);
  }

  @Override
  public Partitioning outputPartitioning() {
    return child.outputPartitioning();
  }

  @Override
  public Seq<SortOrder> outputOrdering() {
    return child.outputOrdering();
  }

  @Override
  public String nodeName() {
    return "BatchQwenVlEval";
  }

  @Override
  public String simpleString(int maxFields) {
    String c = callList().stream().map(QwenVlCall::toString).collect(Collectors.joining(", "));
    String r =
        CollectionConverters.asJava(resultAttrs).stream()
            .map(Attribute::toString)
            .collect(Collectors.joining(", "));
    return nodeName() + " [" + c + "], [" + r + "], " + settings;
  }

  @Override
  public Seq<SparkPlan> children() {
    return CollectionConverters.asScala(List.of(child)).toList();
  }

  @Override
  public SparkPlan withNewChildrenInternal(IndexedSeq<SparkPlan> newChildren) {
    return new BatchQwenVlEvalExec(calls, mediaId, resultAttrs, settings, newChildren.apply(0));
  }

  @Override
  public int productArity() {
    return 5;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> calls;
      case 1 -> mediaId;
      case 2 -> resultAttrs;
      case 3 -> settings;
      case 4 -> child;
      default -> throw new IndexOutOfBoundsException("BatchQwenVlEvalExec has 5 elements: " + n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof BatchQwenVlEvalExec;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchQwenVlEvalExec b
        && b.calls.equals(calls)
        && b.mediaId.equals(mediaId)
        && b.resultAttrs.equals(resultAttrs)
        && b.settings.equals(settings)
        && b.child.equals(child);
  }

  @Override
  public int hashCode() {
    return Objects.hash(calls, mediaId, resultAttrs, settings, child);
  }
}
