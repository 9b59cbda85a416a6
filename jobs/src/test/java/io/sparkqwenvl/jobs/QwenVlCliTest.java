package io.sparkqwenvl.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line without Spark: dispatch, usage, argument errors, SQL scripts, progress. */
class QwenVlCliTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int cli(String... args) {
    return QwenVlCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpAndUnknownCommands() {
    assertThat(cli("help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("annotate", "generate", "bench", "sql");
    assertThat(cli("paint")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'paint'");
    assertThat(cli()).isEqualTo(2);
  }

  @Test
  void annotateUsageAndBadArguments() {
    assertThat(cli("annotate", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--input", "--chunk-files");
    assertThat(cli("annotate", "--table", "/tmp/x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--input is required");
    assertThat(cli("annotate", "--input", "x", "--tasks", "detect")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("detect needs a target phrase");
  }

  @Test
  void aModelThatCannotBeResolvedFailsBeforeSparkStarts() {
    assertThat(cli("annotate", "--input", "samples", "--model", "./no/such/model")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("neither 'tiny', an existing directory, nor a Hugging Face id");
  }

  @Test
  void downloadProgressLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DownloadPrinter p =
        new DownloadPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    p.onProgress("model.safetensors", 1_000_000, 4_000_000);
    p.onProgress("model.safetensors", 2_000_000, 4_000_000);
    p.onProgress("model.safetensors", 4_000_000, 4_000_000);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "qwenvl: downloading model.safetensors 1.0/4.0 MB (25%)",
            "qwenvl: downloading model.safetensors 4.0/4.0 MB (100%)");
  }

  @Test
  void sqlNeedsAStatementOrAFile() {
    assertThat(cli("sql")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("give either -e STATEMENT");
    assertThat(cli("sql", "-e", "SELECT 1", "--var", "novalue")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--var expects name=value");
  }

  @Test
  void scriptsSplitOutsideQuotesAndDropComments() {
    String script =
        "-- heading; not a statement\n"
            + "SELECT 'a;b' AS x; -- trailing; comment\n"
            + "SELECT `we;ird` FROM t WHERE s = \"--not a comment\";\n\n"
            + "SELECT 'it\\'s';";
    assertThat(SqlScript.statements(script))
        .containsExactly(
            "SELECT 'a;b' AS x",
            "SELECT `we;ird` FROM t WHERE s = \"--not a comment\"",
            "SELECT 'it\\'s'");
    assertThat(SqlScript.statements("-- only a comment\n")).isEmpty();
    assertThatThrownBy(() -> SqlScript.statements("SELECT 'open")).hasMessageContaining("unclosed");
  }

  @Test
  void placeholders() {
    assertThat(SqlScript.substitute("FROM binaryFile.`${samples}/x`", Map.of("samples", "/d$1")))
        .isEqualTo("FROM binaryFile.`/d$1/x`");
    assertThatThrownBy(() -> SqlScript.substitute("${warehouse}", Map.of()))
        .hasMessageContaining("no value for ${warehouse}")
        .hasMessageContaining("--var warehouse=");
  }

  @Test
  void terminalProgressRedrawsInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p =
        new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    p.planned(2, 0, 2);
    p.chunkCommitted(1, 1, 1, 0, 10);
    p.chunkCommitted(2, 2, 2, 0, 20);
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertThat(s).contains("\r[###############...............] 1/2 files").contains("\r[####");
    assertThat(s).contains("2/2 files");

    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ConsoleProgress log =
        new ConsoleProgress(new PrintStream(plain, true, StandardCharsets.UTF_8), false);
    log.planned(2, 0, 2);
    log.chunkCommitted(1, 1, 1, 0, 10);
    assertThat(plain.toString(StandardCharsets.UTF_8)).doesNotContain("\r").contains("qwenvl: [");
  }
}
