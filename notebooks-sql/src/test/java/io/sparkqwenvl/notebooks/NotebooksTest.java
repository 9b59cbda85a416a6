package io.sparkqwenvl.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkqwenvl.jobs.AnnotateArgs;
import io.sparkqwenvl.jobs.AnnotateJob;
import io.sparkqwenvl.jobs.AnnotatorBackendFactory;
import io.sparkqwenvl.jobs.SqlScript;
import io.sparkqwenvl.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every statement of every notebook (notebooks-sql/*.sql, in name order) against the tiny
 * model on a copy of the samples; a failure names the notebook and the statement number. Before the
 * notebooks, the annotation job runs twice on the samples so 07 has tables to read.
 */
class NotebooksTest extends SparkTestBase {

  private Map<String, String> vars;

  @Override
  protected List<String> extraSessionExtensions() {
    return List.of("io.sparkqwenvl.udfs.QwenVlSessionExtensions");
  }

  @Override
  protected Map<String, String> extraSparkConf() {
    return Map.of(
        "spark.sql.qwenvl.model", "tiny",
        "spark.sql.qwenvl.device", "cpu",
        "spark.sql.qwenvl.max-new-tokens", "8");
  }

  @BeforeAll
  void prepare() throws IOException {
    Path samples = newFolder("samples");
    try (Stream<Path> files = Files.list(repoDir("samples"))) {
      for (Path f : files.filter(p -> !p.toString().endsWith(".md")).toList()) {
        Files.copy(f, samples.resolve(f.getFileName()));
      }
    }
    Path warehouse = newFolder("nb");
    String table = warehouse.resolve("annotations").toString();
    vars = Map.of("samples", samples.toString(), "warehouse", warehouse.toString(), "table", table);
    AnnotateArgs args =
        AnnotateArgs.parse(
            new String[] {
              "--input",
              samples.toString(),
              "--table",
              table,
              "--model",
              "tiny",
              "--max-new-tokens",
              "8",
              "--device",
              "cpu",
              "--tasks",
              "caption,detect=cat"
            });
    new AnnotateJob(spark, args, new AnnotatorBackendFactory(), null).run();
    new AnnotateJob(spark, args, new AnnotatorBackendFactory(), null).run();
  }

  @TestFactory
  List<DynamicTest> everyStatementOfEveryNotebookRuns() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path nb : notebooks()) {
      tests.add(DynamicTest.dynamicTest(nb.getFileName().toString(), () -> runNotebook(nb)));
    }
    return tests;
  }

  @Test
  void theSevenNotebooksExist() throws IOException {
    assertThat(notebooks())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "01_functions.sql",
            "02_captions_table.sql",
            "03_ocr_documents.sql",
            "04_detection_boxes.sql",
            "05_json_extraction.sql",
            "06_incremental_merge.sql",
            "07_quarantine_and_runs.sql");
  }

  private void runNotebook(Path nb) throws IOException {
    List<String> statements =
        SqlScript.statements(SqlScript.substitute(Files.readString(nb), vars));
    assertThat(statements).as("statements of %s", nb.getFileName()).isNotEmpty();
    for (int i = 0; i < statements.size(); i++) {
      String s = statements.get(i);
      try {
        List<Row> rows = spark.sql(s).collectAsList();
        check(nb.getFileName().toString(), s, rows);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(
            nb.getFileName() + " statement " + (i + 1) + " failed: " + firstLine(s) + "\n  " + e,
            e);
      }
    }
  }

  /** Spot checks of what the notebooks promise. */
  private static void check(String nb, String statement, List<Row> rows) {
    if (nb.startsWith("06") && statement.startsWith("SELECT count(*) AS rows, count(DISTINCT")) {
      assertThat(rows.get(0).getLong(0)).as("rows after the second MERGE").isEqualTo(3L);
      assertThat(rows.get(0).getLong(1)).isEqualTo(3L);
    }
    if (nb.startsWith("07") && statement.contains("HAVING count(*) > 1")) {
      assertThat(rows).as("duplicate keys in the job's table").isEmpty();
    }
    if (nb.startsWith("07") && statement.contains("AS nothing_new")) {
      assertThat(rows).hasSize(2);
      assertThat(rows.get(1).getBoolean(1)).as("second run skipped everything").isTrue();
    }
  }

  private static String firstLine(String s) {
    String line = s.lines().findFirst().orElse("");
    return line.length() > 100 ? line.substring(0, 100) + "…" : line;
  }

  private static List<Path> notebooks() throws IOException {
    try (Stream<Path> s = Files.list(repoDir("notebooks-sql"))) {
      return s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
  }

  /** A folder at the repo root, whether tests run from the module (Maven) or the root. */
  private static Path repoDir(String name) {
    Path fromModule = Path.of("..", name);
    return (Files.isDirectory(fromModule) ? fromModule : Path.of(name))
        .toAbsolutePath()
        .normalize();
  }
}
