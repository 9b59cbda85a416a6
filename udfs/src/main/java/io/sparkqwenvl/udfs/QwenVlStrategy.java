package io.sparkqwenvl.udfs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.SparkStrategy;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Plans {@link BatchQwenVlEval} as {@link BatchQwenVlEvalExec}, with the session's settings and
 * each call's model resolved now, so a missing model fails the query before any task runs. Any
 * other operator still holding a qwen_* call could only evaluate it row by row: that is refused.
 */
final class QwenVlStrategy extends SparkStrategy {

  private final SparkSession session;

  QwenVlStrategy(SparkSession session) {
    this.session = session;
  }

  @Override
  public Seq<SparkPlan> apply(LogicalPlan plan) {
    if (plan instanceof BatchQwenVlEval b) {
      BatchSettings settings = BatchSettings.of(session);
      for (QwenVlCall c : b.callList()) {
        CallPlan.of(c, settings);
      }
      SparkPlan exec =
          new BatchQwenVlEvalExec(
              b.calls(), b.mediaId(), b.resultAttrs(), settings, planLater(b.child()));
      return CollectionConverters.asScala(List.of(exec)).toList();
    }
    for (Expression e : CollectionConverters.asJava(plan.expressions())) {
      scala.Option<Expression> call = e.find(x -> x instanceof QwenVlCall);
      if (call.isDefined()) {
        throw ((QwenVlCall) call.get()).notBatched();
      }
    }
    return CollectionConverters.asScala(List.<SparkPlan>of()).toList();
  }
}
