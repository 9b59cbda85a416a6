package io.sparkqwenvl.tasks.grammar;

import io.sparkqwenvl.tasks.schema.DataType;
import io.sparkqwenvl.tasks.schema.StructField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One compiled value node of a schema grammar; nodes are referenced by index in the grammar. */
final class GrammarNode {

  /** Value kinds the automaton knows. */
  enum Kind {
    ROOT,
    STRUCT,
    ARRAY,
    STRING,
    ENUM,
    BOOL,
    INT,
    FLOAT,
    DECIMAL,
    DATE
  }

  final Kind kind;
  byte[][] keys; // STRUCT: per field the literal bytes "name":
  int[] children; // STRUCT: per field node; ARRAY/ROOT: [element]
  EnumTrie enumTrie; // ENUM
  byte[] posLimit; // INT: decimal digits of the largest positive value
  byte[] negLimit; // INT: decimal digits of the largest magnitude of a negative value
  int intDigits; // FLOAT/DECIMAL: max digits before the point
  int fracDigits; // FLOAT/DECIMAL: max digits after the point
  int expDigits; // FLOAT: max exponent digits
  byte[] template; // DATE: 'D' = digit, other bytes literal, ends with '"'

  private GrammarNode(Kind kind) {
    this.kind = kind;
  }

  static final byte[] DATE_TEMPLATE = "DDDD-DD-DD\"".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TIMESTAMP_TEMPLATE =
      "DDDD-DD-DDTDD:DD:DDZ\"".getBytes(StandardCharsets.US_ASCII);

  /** Compiles {@code root} into {@code out}; returns the ROOT node's index. */
  static int compileRoot(DataType.StructType root, List<GrammarNode> out) {
    GrammarNode r = new GrammarNode(Kind.ROOT);
    out.add(r);
    r.children = new int[] {compile(root, null, out)};
    return 0;
  }

  private static int compile(DataType t, String comment, List<GrammarNode> out) {
    GrammarNode n;
    if (t instanceof DataType.StructType st) {
      n = new GrammarNode(Kind.STRUCT);
      n.keys = new byte[st.fields().size()][];
      n.children = new int[st.fields().size()];
      int idx = out.size();
      out.add(n);
      List<StructField> fs = st.fields();
      for (int i = 0; i < fs.size(); i++) {
        n.keys[i] = (JsonText.quote(fs.get(i).name()) + ":").getBytes(StandardCharsets.UTF_8);
        n.children[i] = compile(fs.get(i).type(), fs.get(i).comment(), out);
      }
      return idx;
    }
    if (t instanceof DataType.ArrayType at) {
      n = new GrammarNode(Kind.ARRAY);
      int idx = out.size();
      out.add(n);
      n.children = new int[] {compile(at.element(), null, out)};
      return idx;
    }
    n = leaf(t, comment);
    out.add(n);
    return out.size() - 1;
  }

  private static GrammarNode leaf(DataType t, String comment) {
    GrammarNode n;
    if (t instanceof DataType.StringType) {
      List<String> values = new StructField("x", t, comment).enumValues();
      n = new GrammarNode(values.isEmpty() ? Kind.STRING : Kind.ENUM);
      n.enumTrie = values.isEmpty() ? null : new EnumTrie(values);
    } else if (t instanceof DataType.BooleanType) {
      n = new GrammarNode(Kind.BOOL);
    } else if (t instanceof DataType.IntType) {
      n = new GrammarNode(Kind.INT);
      n.posLimit = digits("2147483647");
      n.negLimit = digits("2147483648");
    } else if (t instanceof DataType.LongType) {
      n = new GrammarNode(Kind.INT);
      n.posLimit = digits("9223372036854775807");
      n.negLimit = digits("9223372036854775808");
    } else if (t instanceof DataType.FloatType) {
      n = number(Kind.FLOAT, 7, 7, 1);
    } else if (t instanceof DataType.DoubleType) {
      n = number(Kind.FLOAT, 16, 16, 2);
    } else if (t instanceof DataType.DecimalType d) {
      n = number(Kind.DECIMAL, d.precision() - d.scale(), d.scale(), 0);
    } else if (t instanceof DataType.DateType) {
      n = new GrammarNode(Kind.DATE);
      n.template = DATE_TEMPLATE;
    } else if (t instanceof DataType.TimestampType) {
      n = new GrammarNode(Kind.DATE);
      n.template = TIMESTAMP_TEMPLATE;
    } else {
      throw new IllegalArgumentException("no grammar for type " + t.ddl());
    }
    return n;
  }

  private static GrammarNode number(Kind kind, int intDigits, int fracDigits, int expDigits) {
    GrammarNode n = new GrammarNode(kind);
    n.intDigits = intDigits;
    n.fracDigits = fracDigits;
    n.expDigits = expDigits;
    return n;
  }

  private static byte[] digits(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static List<GrammarNode> newList() {
    return new ArrayList<>();
  }
}
