package io.sparkqwenvl.udfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression$;
import org.apache.spark.sql.catalyst.optimizer.ColumnPruning$;
import org.apache.spark.sql.catalyst.plans.logical.GlobalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LocalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StringType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractPartialFunction;

/**
 * Pulls qwen_* calls out of every operator into a {@link BatchQwenVlEval} node under it, the way
 * Spark's ExtractPythonUDFs treats Python UDFs: the operator then reads the calls' results as plain
 * columns. Calls nested in other calls' arguments are extracted innermost first, each level into
 * its own node. A call whose inputs come from more than one child (a join condition over both
 * sides) stays where it is and the planner rejects it with a clear message.
 *
 * <p>Runs once after the operator optimizations (a pre-CBO rule), so filters have already been
 * pushed below the calls; then prunes the columns the new nodes do not need and moves sorts and
 * limits that do not read the results below the new nodes.
 */
final class ExtractQwenVlCalls extends Rule<LogicalPlan> {

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    if (!containsCall(plan)) {
      return plan;
    }
    return sinkBelowCalls(ColumnPruning$.MODULE$.apply(rewrite(plan)));
  }

  /**
   * Moves sorts and limits that do not read the results below the batched evaluation, bottom-up:
   * {@code ORDER BY path LIMIT 10} then annotates 10 rows instead of all of them, and a global sort
   * no longer annotates its input twice (once for the range-partition sampling job).
   */
  private static LogicalPlan sinkBelowCalls(LogicalPlan plan) {
    List<LogicalPlan> children = new ArrayList<>();
    boolean changed = false;
    for (LogicalPlan c : CollectionConverters.asJava(plan.children())) {
      LogicalPlan r = sinkBelowCalls(c);
      changed |= r != c;
      children.add(r);
    }
    LogicalPlan p = changed ? plan.withNewChildren(Seqs.of(children)) : plan;
    if (!(p instanceof Sort || p instanceof LocalLimit || p instanceof GlobalLimit)) {
      return p;
    }
    LogicalPlan child = p.children().apply(0);
    Project project = child instanceof Project pr && pr.deterministic() ? pr : null;
    LogicalPlan below = project != null ? project.child() : child;
    if (!(below instanceof BatchQwenVlEval eval)
        || !p.references().subsetOf(eval.child().outputSet())) {
      return p;
    }
    LogicalPlan moved = p.withNewChildren(Seqs.of(List.of(eval.child())));
    LogicalPlan newEval = eval.withNewChildren(Seqs.of(List.of(moved)));
    return project != null ? project.withNewChildren(Seqs.of(List.of(newEval))) : newEval;
  }

  private static boolean containsCall(LogicalPlan plan) {
    return plan.exists(p -> hasCall(((LogicalPlan) p).expressions()));
  }

  private static boolean hasCall(Seq<Expression> expressions) {
    return CollectionConverters.asJava(expressions).stream()
        .anyMatch(e -> e.exists(x -> x instanceof QwenVlCall));
  }

  private LogicalPlan rewrite(LogicalPlan plan) {
    List<LogicalPlan> children = new ArrayList<>();
    boolean changed = false;
    for (LogicalPlan c : CollectionConverters.asJava(plan.children())) {
      LogicalPlan r = rewrite(c);
      changed |= r != c;
      children.add(r);
    }
    LogicalPlan p =
        changed ? plan.withNewChildren(CollectionConverters.asScala(children).toList()) : plan;
    if (p instanceof BatchQwenVlEval || !hasCall(p.expressions())) {
      return p;
    }
    LogicalPlan out = p;
    while (true) {
      LogicalPlan next = extractOnce(out);
      if (next == out) {
        break;
      }
      out = next;
    }
    if (out == p || out.output().equals(p.output())) {
      return out;
    }
    // The node now also passes the result columns through: restore its original output.
    List<NamedExpression> keep = new ArrayList<>(CollectionConverters.asJava(p.output()));
    return new Project(CollectionConverters.asScala(keep).toList(), out);
  }

  /** Extracts the innermost calls of {@code p} into nodes over its children; same p if none. */
  private LogicalPlan extractOnce(LogicalPlan p) {
    List<QwenVlCall> calls = innermostCalls(p);
    List<LogicalPlan> children = new ArrayList<>(CollectionConverters.asJava(p.children()));
    List<QwenVlCall> extracted = new ArrayList<>();
    List<Attribute> results = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      LogicalPlan child = children.get(i);
      List<QwenVlCall> mine = new ArrayList<>();
      List<Attribute> attrs = new ArrayList<>();
      for (QwenVlCall c : calls) {
        if (!extracted.contains(c) && c.references().subsetOf(child.outputSet())) {
          mine.add(c);
          attrs.add(resultAttribute(c));
        }
      }
      if (!mine.isEmpty()) {
        children.set(
            i,
            new BatchQwenVlEval(
                CollectionConverters.asScala(new ArrayList<Expression>(mine)).toList(),
                mediaId(mine, child),
                CollectionConverters.asScala(attrs).toList(),
                child));
        extracted.addAll(mine);
        results.addAll(attrs);
      }
    }
    if (extracted.isEmpty()) {
      return p;
    }
    LogicalPlan withChildren = p.withNewChildren(CollectionConverters.asScala(children).toList());
    return withChildren.mapExpressions(e -> e.transform(new Replace(extracted, results)));
  }

  /** Distinct (semantically) calls of p whose arguments hold no other call. */
  private static List<QwenVlCall> innermostCalls(LogicalPlan p) {
    List<QwenVlCall> out = new ArrayList<>();
    for (Expression e : CollectionConverters.asJava(p.expressions())) {
      e.foreach(
          x -> {
            if (x instanceof QwenVlCall c
                && !hasCall(c.children())
                && out.stream().noneMatch(o -> o.semanticEquals(c))) {
              out.add(c);
            }
            return null;
          });
    }
    return out;
  }

  private static Attribute resultAttribute(QwenVlCall c) {
    return new AttributeReference(
        c.prettyName(),
        c.dataType(),
        true,
        Metadata.empty(),
        NamedExpression$.MODULE$.newExprId(),
        CollectionConverters.asScala(List.<String>of()).toList());
  }

  /**
   * What names each row's media in logs: a path argument itself, else the child's {@code path}
   * string column (binaryFile's), else nothing.
   */
  private static Expression mediaId(List<QwenVlCall> calls, LogicalPlan child) {
    for (QwenVlCall c : calls) {
      if (c.content().dataType() instanceof StringType) {
        return c.content();
      }
    }
    if (calls.stream().anyMatch(c -> c.content().dataType() instanceof BinaryType)) {
      for (Attribute a : CollectionConverters.asJava(child.output())) {
        if (a.name().toLowerCase(Locale.ROOT).equals("path")
            && a.dataType() instanceof StringType) {
          return a;
        }
      }
    }
    return Literal.create(null, DataTypes.StringType);
  }

  /** Replaces each extracted call (semantically) by its result attribute. */
  private static final class Replace extends AbstractPartialFunction<Expression, Expression> {
    private final List<QwenVlCall> calls;
    private final List<Attribute> results;

    Replace(List<QwenVlCall> calls, List<Attribute> results) {
      this.calls = calls;
      this.results = results;
    }

    private int indexOf(Expression e) {
      for (int i = 0; i < calls.size(); i++) {
        if (calls.get(i).semanticEquals(e)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public boolean isDefinedAt(Expression e) {
      return e instanceof QwenVlCall && indexOf(e) >= 0;
    }

    @Override
    public <A1 extends Expression, B1> B1 applyOrElse(A1 e, scala.Function1<A1, B1> fallback) {
      int i = e instanceof QwenVlCall ? indexOf(e) : -1;
      @SuppressWarnings("unchecked")
      B1 r = i >= 0 ? (B1) results.get(i) : fallback.apply(e);
      return r;
    }
  }
}
