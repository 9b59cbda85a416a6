package io.sparkqwenvl.udfs;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Logical node that evaluates qwen_* calls over its child's rows and appends one result column per
 * call: output = child.output ++ resultAttrs. Made by {@link ExtractQwenVlCalls}, planned as {@link
 * BatchQwenVlEvalExec} by {@link QwenVlStrategy}.
 *
 * <p>Public only because Catalyst copies tree nodes through their public constructor by reflection;
 * not an API.
 */
public final class BatchQwenVlEval extends LogicalPlan implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final Seq<Expression> calls;
  private final Expression mediaId;
  private final Seq<Attribute> resultAttrs;
  private final LogicalPlan child;

  /**
   * @param calls the {@link QwenVlCall}s, none nested in another
   * @param mediaId string expression naming each row's media in logs (the {@code path} column, or a
   *     null literal)
   * @param resultAttrs one new attribute per call, same order
   * @param child the rows the calls are evaluated over
   */
  public BatchQwenVlEval(
      Seq<Expression> calls, Expression mediaId, Seq<Attribute> resultAttrs, LogicalPlan child) {
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mediaId = Objects.requireNonNull(mediaId, "mediaId");
    this.resultAttrs = Objects.requireNonNull(resultAttrs, "resultAttrs");
    this.child = Objects.requireNonNull(child, "child");
  }

  Seq<Expression> calls() {
    return calls;
  }

  List<QwenVlCall> callList() {
    return CollectionConverters.asJava(calls).stream().map(QwenVlCall.class::cast).toList();
  }

  Expression mediaId() {
    return mediaId;
  }

  Seq<Attribute> resultAttrs() {
    return resultAttrs;
  }

  LogicalPlan child() {
    return child;
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
  public Seq<LogicalPlan> children() {
    return CollectionConverters.asScala(List.of(child)).toList();
  }

  @Override
  public LogicalPlan withNewChildrenInternal(IndexedSeq<LogicalPlan> newChildren) {
    return new BatchQwenVlEval(calls, mediaId, resultAttrs, newChildren.apply(0));
  }

  @Override
  public int productArity() {
    return 4;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> calls;
      case 1 -> mediaId;
      case 2 -> resultAttrs;
      case 3 -> child;
      default -> throw new IndexOutOfBoundsException("BatchQwenVlEval has 4 elements, asked " + n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof BatchQwenVlEval;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchQwenVlEval b
        && b.calls.equals(calls)
        && b.mediaId.equals(mediaId)
        && b.resultAttrs.equals(resultAttrs)
        && b.child.equals(child);
  }

  @Override
  public int hashCode() {
    return Objects.hash(calls, mediaId, resultAttrs, child);
  }
}
