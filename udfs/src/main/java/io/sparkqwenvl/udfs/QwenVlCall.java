package io.sparkqwenvl.udfs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One call of a qwen_* function in a query. It is never evaluated row by row: {@link
 * ExtractQwenVlCalls} moves it into a {@link BatchQwenVlEval} node; a call left where that is
 * impossible fails the query with a message that says so (see {@link #eval}).
 *
 * <p>Public only because Catalyst copies tree nodes through their public constructor by reflection;
 * not an API.
 */
public final class QwenVlCall extends Expression implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final String functionName;
  private final Seq<Expression> arguments;
  private transient DataType dataType;

  /** Public, with the product elements as parameters: Catalyst copies nodes through it. */
  public QwenVlCall(String functionName, Seq<Expression> arguments) {
    this.functionName = Objects.requireNonNull(functionName, "functionName");
    this.arguments = Objects.requireNonNull(arguments, "arguments");
  }

  QwenVlFunction function() {
    return QwenVlFunction.byName(functionName);
  }

  /** The media argument: binary content or a path string. */
  Expression content() {
    return arguments.apply(0);
  }

  /** The text argument (target, schema or prompt), or null. */
  Expression text() {
    return function().textArgument() == null ? null : arguments.apply(1);
  }

  /** The options map argument, or null. */
  Expression optionsArgument() {
    return arguments.size() > function().requiredArguments()
        ? arguments.apply(arguments.size() - 1)
        : null;
  }

  /** The validated options (the argument is foldable; checked at analysis). */
  CallOptions options() {
    Expression o = optionsArgument();
    return o == null ? CallOptions.NONE : new CallOptions(literalMap(o));
  }

  /** For qwen_extract the schema literal; null otherwise. */
  String schemaDdl() {
    if (function() != QwenVlFunction.EXTRACT) {
      return null;
    }
    Object v = arguments.apply(1).eval(null);
    return v == null ? null : v.toString();
  }

  @Override
  public DataType dataType() {
    if (dataType == null) {
      try {
        dataType = ResultTypes.of(function(), schemaDdl());
      } catch (RuntimeException e) {
        // Reported by checkInputDataTypes; analysis may ask for the type before checking it.
        return DataTypes.NullType;
      }
    }
    return dataType;
  }

  @Override
  public TypeCheckResult checkInputDataTypes() {
    String problem = problem();
    return problem == null
        ? TypeCheckResult.TypeCheckSuccess$.MODULE$
        : new TypeCheckResult.TypeCheckFailure(problem);
  }

  private String problem() {
    QwenVlFunction f = function();
    DataType media = content().dataType();
    if (!(media instanceof BinaryType) && !(media instanceof StringType)) {
      return "the content argument must be BINARY (binaryFile's content) or a STRING path, got "
          + media.sql();
    }
    if (f.textArgument() != null && !(arguments.apply(1).dataType() instanceof StringType)) {
      return "the " + f.textArgument() + " argument must be a STRING";
    }
    if (f == QwenVlFunction.EXTRACT) {
      if (!arguments.apply(1).foldable()) {
        return "the schema argument must be a constant string such as 'total DECIMAL(10,2)'";
      }
      try {
        ResultTypes.of(f, schemaDdl());
      } catch (RuntimeException e) {
        return "bad schema '" + schemaDdl() + "': " + e.getMessage();
      }
    }
    Expression o = optionsArgument();
    if (o != null) {
      if (!(o.dataType() instanceof MapType m) || !(m.keyType() instanceof StringType)) {
        return "the options argument must be a MAP<STRING, STRING>, got " + o.dataType().sql();
      }
      if (!o.foldable()) {
        return "the options argument must be constant, e.g. map('max-new-tokens', '64')";
      }
      try {
        options();
      } catch (RuntimeException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  private static Map<String, String> literalMap(Expression o) {
    MapData map = (MapData) o.eval(null);
    Map<String, String> out = new LinkedHashMap<>();
    if (map == null) {
      return out;
    }
    DataType valueType = ((MapType) o.dataType()).valueType();
    for (int i = 0; i < map.numElements(); i++) {
      String key = map.keyArray().getUTF8String(i).toString();
      Object value = map.valueArray().get(i, valueType);
      if (value == null) {
        throw new IllegalArgumentException("option '" + key + "' is null");
      }
      out.put(key, value.toString());
    }
    return out;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  /** Always fails: the calls are evaluated in batches by BatchQwenVlEvalExec only. */
  @Override
  public Object eval(InternalRow input) {
    throw notBatched();
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    throw notBatched();
  }

  UnsupportedOperationException notBatched() {
    return new UnsupportedOperationException(
        sql()
            + " can only be evaluated by the batched operator; it was used where its arguments"
            + " cannot be computed first (e.g. a join condition over both sides). Compute it in"
            + " a SELECT of its own input and use the result column instead.");
  }

  @Override
  public String prettyName() {
    return functionName;
  }

  @Override
  public String toString() {
    return functionName + "(" + join(false) + ")";
  }

  @Override
  public String sql() {
    return functionName + "(" + join(true) + ")";
  }

  private String join(boolean sql) {
    List<Expression> args = CollectionConverters.asJava(arguments);
    return args.stream().map(a -> sql ? a.sql() : a.toString()).collect(Collectors.joining(", "));
  }

  @Override
  public Seq<Expression> children() {
    return arguments;
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new QwenVlCall(functionName, newChildren);
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> functionName;
      case 1 -> arguments;
      default -> throw new IndexOutOfBoundsException("QwenVlCall has 2 elements, asked for " + n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof QwenVlCall;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QwenVlCall c
        && c.functionName.equals(functionName)
        && c.arguments.equals(arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(functionName, arguments);
  }

  /** Builds a call from SQL arguments, checking their number. */
  static QwenVlCall create(QwenVlFunction f, Seq<Expression> args) {
    int n = args.size();
    if (n != f.requiredArguments() && n != f.requiredArguments() + 1) {
      throw new IllegalArgumentException(
          f.sqlName()
              + " takes "
              + f.requiredArguments()
              + " or "
              + (f.requiredArguments() + 1)
              + " arguments ("
              + f.usage()
              + "), got "
              + n);
    }
    return new QwenVlCall(f.sqlName(), args);
  }
}
