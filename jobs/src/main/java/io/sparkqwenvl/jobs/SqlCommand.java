package io.sparkqwenvl.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code qwenvl sql}: runs a .sql file or one statement against a local session with Delta and the
 * qwen_* functions, printing each result.
 */
final class SqlCommand {

  static final String USAGE =
      String.join(
          "\n",
          "usage: qwenvl sql (-e STATEMENT | FILE.sql) [options]",
          "  --var name=value    substitute ${name} in the SQL (repeatable)",
          "  --model ID|DIR|tiny model of the qwen_* functions (spark.sql.qwenvl.model)",
          "  --max-rows N        rows printed per result (default 20)",
          "  --master URL        Spark master (default local[*])",
          "  --conf key=value    any Spark setting (repeatable)");

  private SqlCommand() {}

  static int run(String[] args, PrintStream out) throws IOException {
    String statement = null;
    String file = null;
    String master = "local[*]";
    int maxRows = 20;
    Map<String, String> vars = new LinkedHashMap<>();
    Map<String, String> conf = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-e" -> statement = value(args, ++i, a);
        case "--var" -> put(vars, value(args, ++i, a), a);
        case "--conf" -> put(conf, value(args, ++i, a), a);
        case "--model" -> conf.put("spark.sql.qwenvl.model", value(args, ++i, a));
        case "--master" -> master = value(args, ++i, a);
        case "--max-rows" -> maxRows = Integer.parseInt(value(args, ++i, a));
        default -> {
          if (a.startsWith("-") || file != null) {
            throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
          }
          file = a;
        }
      }
    }
    if ((statement == null) == (file == null)) {
      throw new IllegalArgumentException("give either -e STATEMENT or a .sql file\n" + USAGE);
    }
    String text = statement != null ? statement : Files.readString(Path.of(file));
    List<String> statements = SqlScript.statements(SqlScript.substitute(text, vars));
    SparkSession spark = LocalSession.create(master, conf);
    for (int i = 0; i < statements.size(); i++) {
      String s = statements.get(i);
      try {
        Dataset<Row> df = spark.sql(s);
        if (df.columns().length > 0) {
          TablePrinter.print(df, maxRows, 80, out);
        }
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "statement "
                + (i + 1)
                + (file == null ? "" : " of " + file)
                + " failed: "
                + e.getMessage(),
            e);
      }
    }
    return 0;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static void put(Map<String, String> m, String kv, String option) {
    int eq = kv.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(option + " expects name=value, got " + kv);
    }
    m.put(kv.substring(0, eq), kv.substring(eq + 1));
  }
}
