package io.sparkqwenvl.jobs;

import io.sparkqwenvl.cli.BenchCommand;
import io.sparkqwenvl.cli.GenerateCommand;
import io.sparkqwenvl.model.hub.HubOptions;
import io.sparkqwenvl.model.hub.ModelResolver;
import io.sparkqwenvl.runtime.DjlDefaults;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code bin/qwenvl} entry point: {@code annotate}, {@code generate}, {@code bench} and {@code
 * sql}. Exit status 0 on success, 2 for bad arguments, 1 for any other failure.
 */
public final class QwenVlCli {

  static final String USAGE =
      String.join(
          "\n",
          "usage: qwenvl <command> [options]",
          "  annotate  annotate a corpus of images/videos into a Delta table (incremental)",
          "  generate  run the model on one image or video and print JSON",
          "  bench     measure throughput on synthetic work",
          "  sql       run a .sql file or a statement with the qwen_* functions and Delta",
          "  help      this text; 'qwenvl <command> --help' for a command's options");

  private QwenVlCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    DjlDefaults.apply();
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      out.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    boolean help = Arrays.asList(rest).contains("--help");
    try {
      return switch (args[0]) {
        case "annotate" -> help ? usage(out, AnnotateArgs.USAGE) : annotate(rest, out, err);
        case "generate" -> GenerateCommand.run(rest, out);
        case "bench" -> BenchCommand.run(rest, out);
        case "sql" -> help ? usage(out, SqlCommand.USAGE) : SqlCommand.run(rest, out);
        default -> {
          err.println("unknown command '" + args[0] + "'\n" + USAGE);
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println("qwenvl " + args[0] + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("qwenvl " + args[0] + " failed: " + e);
      return 1;
    }
  }

  private static int usage(PrintStream out, String text) {
    out.println(text);
    return 0;
  }

  private static int annotate(String[] argv, PrintStream out, PrintStream err)
      throws java.io.IOException {
    AnnotateArgs a = AnnotateArgs.parse(argv);
    // The session will hold exactly these spark.sql.qwenvl.* settings: resolve before starting it.
    BackendSettings settings = BackendSettings.resolve(a, LocalSession.defaults(a.master()));
    if (ModelResolver.isTiny(settings.model())) {
      err.println(
          "qwenvl: WARNING: --model tiny is a tiny random test model; its text is meaningless."
              + " Every row's note column says so.");
    }
    if (a.master().startsWith("local")) {
      // Download on the driver first, with progress, into the cache the local executors use.
      HubOptions hub = HubOptions.fromEnvironment();
      if (settings.cacheDir() != null) {
        hub = hub.withCacheRoot(Path.of(settings.cacheDir()));
      }
      new ModelResolver(hub, new DownloadPrinter(err, System.console() != null))
          .resolvePath(settings.model());
    }
    SparkSession spark = LocalSession.create(a.master(), a.sparkConf());
    RunSummary s =
        new AnnotateJob(spark, a, new AnnotatorBackendFactory(), new ConsoleProgress(err)).run();
    out.println("annotations: " + a.table());
    out.println("quarantine:  " + a.quarantineTable() + "   runs: " + a.runsTable());
    out.println(
        "look at them: bin/qwenvl sql -e 'SELECT path, task, text FROM delta.`" + a.table() + "`'");
    return 0;
  }
}
