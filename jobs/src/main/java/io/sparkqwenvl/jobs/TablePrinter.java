package io.sparkqwenvl.jobs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints query results as an aligned text table, long cells cut with an ellipsis. */
final class TablePrinter {

  private TablePrinter() {}

  static void print(Dataset<Row> df, int maxRows, int maxWidth, PrintStream out) {
    String[] cols = df.columns();
    List<Row> rows = df.takeAsList(maxRows + 1);
    List<String[]> cells = new ArrayList<>();
    int[] width = new int[cols.length];
    for (int i = 0; i < cols.length; i++) {
      width[i] = Math.min(maxWidth, cols[i].length());
    }
    for (Row r : rows.subList(0, Math.min(maxRows, rows.size()))) {
      String[] line = new String[cols.length];
      for (int i = 0; i < cols.length; i++) {
        line[i] = cell(r.get(i), maxWidth);
        width[i] = Math.max(width[i], line[i].length());
      }
      cells.add(line);
    }
    out.println(line(cols, width, maxWidth));
    StringBuilder sep = new StringBuilder();
    for (int w : width) {
      sep.append(sep.length() == 0 ? "" : "-+-").append("-".repeat(w));
    }
    out.println(sep);
    for (String[] c : cells) {
      out.println(line(c, width, maxWidth));
    }
    out.println(
        rows.size() > maxRows
            ? "(first " + maxRows + " rows shown)"
            : "(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
  }

  private static String line(String[] values, int[] width, int maxWidth) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      String v = cell(values[i], maxWidth);
      b.append(i == 0 ? "" : " | ").append(v).append(" ".repeat(width[i] - v.length()));
    }
    return b.toString().stripTrailing();
  }

  static String cell(Object v, int maxWidth) {
    String s = v == null ? "NULL" : v.toString().replace('\n', ' ');
    return s.length() > maxWidth ? s.substring(0, maxWidth - 1) + "…" : s;
  }
}
