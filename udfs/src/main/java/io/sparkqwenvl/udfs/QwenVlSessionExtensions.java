package io.sparkqwenvl.udfs;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Function1;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Registers the qwen_* SQL functions and the rule and strategy that batch them. Enabled either by
 * {@code spark.sql.extensions=io.sparkqwenvl.udfs.QwenVlSessionExtensions} or, with the jar on the
 * class path, by the ServiceLoader entry this module ships.
 *
 * <pre>
 *   spark-sql --jars spark-qwenvl-udfs.jar \
 *     --conf spark.sql.extensions=io.sparkqwenvl.udfs.QwenVlSessionExtensions \
 *     --conf spark.sql.qwenvl.model=Qwen/Qwen2.5-VL-3B-Instruct
 *   SELECT path, qwen_caption(content) FROM binaryFile.`/data/images`;
 * </pre>
 */
public final class QwenVlSessionExtensions
    extends AbstractFunction1<SparkSessionExtensions, BoxedUnit>
    implements SparkSessionExtensionsProvider {

  // Sessions whose extensions already hold ours: the ServiceLoader entry and spark.sql.extensions
  // may both name this class, and registering twice would run the rule twice.
  private static final Set<SparkSessionExtensions> APPLIED =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    if (!APPLIED.add(extensions)) {
      return BoxedUnit.UNIT;
    }
    for (QwenVlFunction f : QwenVlFunction.values()) {
      extensions.injectFunction(description(f));
    }
    extensions.injectPreCBORule(session -> new ExtractQwenVlCalls());
    extensions.injectPlannerStrategy(session -> new QwenVlStrategy(session));
    return BoxedUnit.UNIT;
  }

  private static Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>>
      description(QwenVlFunction f) {
    ExpressionInfo info =
        new ExpressionInfo(
            QwenVlCall.class.getName(),
            null,
            f.sqlName(),
            f.usage(),
            f.argumentsDoc(),
            f.examplesDoc(),
            "",
            "",
            "",
            "",
            "java_udf");
    Function1<Seq<Expression>, Expression> builder = args -> QwenVlCall.create(f, args);
    return new Tuple3<>(FunctionIdentifier.apply(f.sqlName()), info, builder);
  }
}
