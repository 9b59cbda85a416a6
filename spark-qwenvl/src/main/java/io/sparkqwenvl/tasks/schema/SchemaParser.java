package io.sparkqwenvl.tasks.schema;

import io.sparkqwenvl.tasks.schema.DataType.StructType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses a Spark DDL field list such as {@code total DECIMAL(10,2) COMMENT 'grand total', items
 * ARRAY<STRUCT<name: STRING, qty: INT>>, `issue date` DATE} into a {@link StructType}, without
 * Spark. Types: STRING (also VARCHAR(n)/CHAR(n)), INT/INTEGER, BIGINT/LONG, DOUBLE, FLOAT/REAL,
 * BOOLEAN, DECIMAL[(p[,s])] (default (10,0) as in Spark), DATE, TIMESTAMP, ARRAY&lt;T&gt;,
 * STRUCT&lt;name[:] T [COMMENT '...'], ...&gt;. Names may be backquoted (`` `` `` escapes a
 * backquote); {@code NOT NULL} is accepted and ignored (every extracted field may be null).
 */
public final class SchemaParser {

  private final String src;
  private int pos;

  private SchemaParser(String src) {
    this.src = src;
  }

  /** Parses a top-level DDL list; throws IllegalArgumentException naming the position and token. */
  public static StructType parse(String ddl) {
    if (ddl == null || ddl.isBlank()) {
      throw new IllegalArgumentException("empty schema DDL");
    }
    SchemaParser p = new SchemaParser(ddl);
    StructType t = p.fields(false);
    p.skipWs();
    if (p.pos != p.src.length()) {
      throw p.error("expected ',' or end of schema");
    }
    return t;
  }

  private StructType fields(boolean nested) {
    List<StructField> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (true) {
      skipWs();
      if (nested && peek() == '>' && out.isEmpty()) {
        break;
      }
      String name = name();
      skipWs();
      if (nested && peek() == ':') {
        pos++;
      }
      DataType type = type();
      String comment = null;
      skipWs();
      if (keyword("NOT")) {
        skipWs();
        if (!keyword("NULL")) {
          throw error("expected NULL after NOT");
        }
        skipWs();
      }
      if (keyword("COMMENT")) {
        skipWs();
        comment = quoted();
      }
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("duplicate field name '" + name + "' in schema: " + src);
      }
      out.add(new StructField(name, type, comment));
      skipWs();
      if (peek() != ',') {
        break;
      }
      pos++;
    }
    if (out.isEmpty() && !nested) {
      throw error("expected a field");
    }
    return new StructType(out);
  }

  private static final Map<String, DataType> SIMPLE =
      Map.ofEntries(
          Map.entry("STRING", new DataType.StringType()),
          Map.entry("INT", new DataType.IntType()),
          Map.entry("INTEGER", new DataType.IntType()),
          Map.entry("BIGINT", new DataType.LongType()),
          Map.entry("LONG", new DataType.LongType()),
          Map.entry("DOUBLE", new DataType.DoubleType()),
          Map.entry("FLOAT", new DataType.FloatType()),
          Map.entry("REAL", new DataType.FloatType()),
          Map.entry("BOOLEAN", new DataType.BooleanType()),
          Map.entry("DATE", new DataType.DateType()),
          Map.entry("TIMESTAMP", new DataType.TimestampType()));

  private DataType type() {
    skipWs();
    String word = word();
    String upper = word.toUpperCase(Locale.ROOT);
    DataType simple = SIMPLE.get(upper);
    if (simple != null) {
      return simple;
    }
    switch (upper) {
      case "VARCHAR":
      case "CHAR":
        intArgs(1);
        return new DataType.StringType();
      case "DECIMAL":
      case "DEC":
      case "NUMERIC":
        return decimal();
      case "ARRAY":
        {
          expect('<');
          DataType elem = type();
          expect('>');
          return new DataType.ArrayType(elem);
        }
      case "STRUCT":
        {
          expect('<');
          StructType st = fields(true);
          expect('>');
          return st;
        }
      default:
        throw error("unknown type '" + word + "'");
    }
  }

  private DataType decimal() {
    skipWs();
    if (peek() != '(') {
      return new DataType.DecimalType(10, 0);
    }
    List<Integer> args = intArgs(2);
    int p = args.get(0);
    int s = args.size() > 1 ? args.get(1) : 0;
    try {
      return new DataType.DecimalType(p, s);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private List<Integer> intArgs(int max) {
    expect('(');
    List<Integer> out = new ArrayList<>();
    while (true) {
      skipWs();
      int start = pos;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
      if (start == pos || pos - start > 9) {
        throw error("expected a number");
      }
      out.add(Integer.parseInt(src.substring(start, pos)));
      skipWs();
      if (peek() == ',' && out.size() < max) {
        pos++;
        continue;
      }
      expect(')');
      return out;
    }
  }

  private String name() {
    if (peek() == '`') {
      pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= src.length()) {
          throw error("unterminated backquoted name");
        }
        char c = src.charAt(pos++);
        if (c == '`') {
          if (peek() == '`') {
            sb.append('`');
            pos++;
            continue;
          }
          break;
        }
        sb.append(c);
      }
      if (sb.length() == 0) {
        throw error("empty backquoted name");
      }
      return sb.toString();
    }
    String w = word();
    if (w.isEmpty()) {
      throw error("expected a field name");
    }
    return w;
  }

  private String quoted() {
    char q = peek();
    if (q != '\'' && q != '"') {
      throw error("expected a quoted comment");
    }
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw error("unterminated comment string");
      }
      char c = src.charAt(pos++);
      if (c == '\\' && pos < src.length()) {
        sb.append(src.charAt(pos++));
      } else if (c == q) {
        if (peek() == q) {
          sb.append(q);
          pos++;
          continue;
        }
        return sb.toString();
      } else {
        sb.append(c);
      }
    }
  }

  private String word() {
    int start = pos;
    while (pos < src.length()
        && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    return src.substring(start, pos);
  }

  private boolean keyword(String kw) {
    int end = pos + kw.length();
    if (end <= src.length()
        && src.regionMatches(true, pos, kw, 0, kw.length())
        && (end == src.length() || !Character.isLetterOrDigit(src.charAt(end)))) {
      pos = end;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    skipWs();
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < src.length() ? src.charAt(pos) : '\0';
  }

  private void skipWs() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    String near = src.substring(pos, Math.min(src.length(), pos + 20));
    return new IllegalArgumentException(
        what + " at position " + pos + " near '" + near + "' in schema: " + src);
  }
}
