package io.sparkqwenvl.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A .sql file as statements: {@code ${name}} placeholders substituted, {@code --} line comments and
 * blank text dropped, split on semicolons outside quotes and backticks.
 */
public final class SqlScript {

  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}");

  private SqlScript() {}

  /** Replaces every {@code ${name}}; an unknown name is an error naming it. */
  public static String substitute(String text, Map<String, String> vars) {
    Matcher m = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = vars.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException(
            "no value for ${" + m.group(1) + "}; pass --var " + m.group(1) + "=...");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The statements of a script, in order, without comments and trailing semicolons. */
  public static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (quote != 0) {
        cur.append(c);
        if (c == '\\' && quote != '`' && i + 1 < script.length()) {
          cur.append(script.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
        while (i < script.length() && script.charAt(i) != '\n') {
          i++;
        }
        cur.append('\n');
      } else if (c == ';') {
        add(out, cur);
      } else {
        if (c == '\'' || c == '"' || c == '`') {
          quote = c;
        }
        cur.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed " + quote + " in SQL script");
    }
    add(out, cur);
    return out;
  }

  private static void add(List<String> out, StringBuilder cur) {
    String s = cur.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
    cur.setLength(0);
  }
}
